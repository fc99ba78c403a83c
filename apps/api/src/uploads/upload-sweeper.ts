import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { uploadsConfig } from '../config/uploads.config';
import { SQL_EXECUTOR, type SqlExecutor } from '../database/sql/executor';
import { list, sql } from '../database/sql/statement';
import { FILE_STORE, type FileStore } from './storage/file-store';
import { discardUploads } from './upload-rows';

/** Rows handled per statement, so no sweep step's cost grows with the size of the database. */
const SWEEP_BATCH = 100;

/**
 * Deletes bytes nobody needs: a deleted message's files (right after its commit, and again here if
 * that failed), uploads never attached within UPLOAD_ORPHAN_TTL_MS, and uploads that never finished.
 * Every process runs it; two doing the same work is harmless (a row is deleted once, a missing file
 * deletes fine), so it needs no leader.
 */
@Injectable()
export class UploadSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UploadSweeper');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(uploadsConfig.KEY) private readonly config: ConfigType<typeof uploadsConfig>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.sweepIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** After a commit that queued keys as garbage: delete the bytes now, and their queue entries once gone. */
  async collect(keys: readonly string[]): Promise<void> {
    if (!keys.length) return;
    const deleted: string[] = [];
    await Promise.all(
      keys.map((key) =>
        this.store.delete(key).then(
          () => deleted.push(key),
          (error: unknown) => this.logger.warn({ err: error, key }, 'Could not delete stored bytes; the sweep will retry'),
        ),
      ),
    );
    if (deleted.length) await this.db.all(sql`DELETE FROM "upload_garbage" WHERE "storageKey" IN ${list(deleted)}`);
  }

  /** One pass: orphans past their time become garbage, then due garbage is deleted, a batch at a time. */
  sweep(): Promise<void> {
    this.running ??= this.pass()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'Upload sweep failed; trying again next time'))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    const now = new Date();
    const cutoff = new Date(now.getTime() - this.config.orphanTtlMs);
    for (;;) {
      const keys = await this.db.transaction(() =>
        discardUploads(
          sql`"messageId" IS NULL AND "createdAt" < ${cutoff} AND "id" IN (SELECT "id" FROM "uploads" WHERE "messageId" IS NULL AND "createdAt" < ${cutoff} LIMIT ${SWEEP_BATCH})`,
          now,
        ),
      );
      if (keys.length === 0) break;
    }
    for (;;) {
      const due = await this.db.all<{ storageKey: string }>(
        sql`SELECT "storageKey" FROM "upload_garbage" WHERE "dueAt" <= ${now} ORDER BY "dueAt" LIMIT ${SWEEP_BATCH}`,
      );
      if (!due.length) break;
      const before = due.length;
      await this.collect(due.map((d) => d.storageKey));
      const [{ n }] = await this.db.all<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM "upload_garbage" WHERE "storageKey" IN ${list(due.map((d) => d.storageKey))}`);
      // The store is failing: leave the rest for the next pass rather than spin.
      if (Number(n) === before || before < SWEEP_BATCH) break;
    }
  }
}
