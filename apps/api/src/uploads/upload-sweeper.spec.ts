import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { SqlExecutor } from '../database/sql/executor';
import { sql } from '../database/sql/statement';
import { createSqlExecutor } from '../database/sql/sql-executor.provider';
import { openTestDatabase, type TestDatabase } from '../database/testing/test-databases';
import { FileNotFound, type FileStore } from './storage/file-store';
import type { UploadEntity } from './upload.entity';
import { insertUpload } from './upload-rows';
import { UploadSweeper } from './upload-sweeper';

/** An in-memory store whose deletes can be made to fail, as a store that is briefly down. */
class FlakyStore implements FileStore {
  readonly files = new Map<string, Buffer>();
  failDeletes = false;
  async put(key: string, body: Readable): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    this.files.set(key, Buffer.concat(chunks));
  }
  async read(key: string): Promise<Readable> {
    const file = this.files.get(key);
    if (!file) throw new FileNotFound(key);
    return Readable.from([file]);
  }
  async delete(key: string): Promise<void> {
    if (this.failDeletes) throw new Error('store unavailable');
    this.files.delete(key);
  }
}

describe.each(['sqlite', 'postgres'] as const)('UploadSweeper (%s)', (kind) => {
  let database: TestDatabase;
  let db: SqlExecutor;
  let store: FlakyStore;
  let sweeper: UploadSweeper;
  const orphanTtlMs = 60_000;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = createSqlExecutor(database.dataSource);
  });
  afterAll(async () => {
    await database?.dispose();
  });
  beforeEach(() => {
    store = new FlakyStore();
    sweeper = new UploadSweeper(db, store, { orphanTtlMs, sweepIntervalMs: 60_000 } as never);
  });

  async function stored(overrides: Partial<UploadEntity> = {}): Promise<UploadEntity> {
    const id = randomUUID();
    const row: UploadEntity = {
      id, uploaderId: 'u1', name: 'f.bin', size: 100, contentType: 'application/octet-stream', kind: 'file', width: null, height: null,
      storageKey: id, thumbnailKey: null, messageId: null, conversationId: null, position: null, createdAt: new Date(), ...overrides,
    };
    await store.put(row.storageKey, Readable.from([Buffer.alloc(row.size)]));
    await db.all(sql`INSERT INTO "upload_usage" ("userId", "bytes") VALUES (${row.uploaderId}, 0) ON CONFLICT ("userId") DO NOTHING`);
    await db.all(sql`UPDATE "upload_usage" SET "bytes" = "bytes" + ${row.size} WHERE "userId" = ${row.uploaderId}`);
    await db.all(insertUpload(row));
    return row;
  }
  const exists = async (id: string) => (await db.all(sql`SELECT "id" FROM "uploads" WHERE "id" = ${id}`)).length > 0;
  const usage = async () => Number((await db.all<{ bytes: number }>(sql`SELECT "bytes" FROM "upload_usage" WHERE "userId" = 'u1'`))[0]?.bytes ?? 0);

  it('deletes unattached uploads past their time (row, bytes, quota share) and keeps fresh and attached ones', async () => {
    const old = new Date(Date.now() - orphanTtlMs - 1_000);
    const orphan = await stored({ createdAt: old });
    const fresh = await stored();
    const attached = await stored({ createdAt: old, messageId: randomUUID(), conversationId: randomUUID(), position: 0 });
    const before = await usage();
    await sweeper.sweep();
    expect([await exists(orphan.id), await exists(fresh.id), await exists(attached.id)]).toEqual([false, true, true]);
    expect([store.files.has(orphan.id), store.files.has(fresh.id), store.files.has(attached.id)]).toEqual([false, true, true]);
    expect(await usage()).toBe(before - orphan.size);
  });

  it('keeps the keys it could not delete and deletes them on a later pass', async () => {
    const orphan = await stored({ createdAt: new Date(Date.now() - orphanTtlMs - 1_000) });
    store.failDeletes = true;
    await sweeper.sweep();
    expect(await exists(orphan.id)).toBe(false);
    expect(store.files.has(orphan.id)).toBe(true);
    store.failDeletes = false;
    await sweeper.sweep();
    expect(store.files.has(orphan.id)).toBe(false);
    expect(await db.all(sql`SELECT "storageKey" FROM "upload_garbage" WHERE "storageKey" = ${orphan.storageKey}`)).toEqual([]);
  });

  it('leaves the bytes of an upload still arriving alone until its grace is over', async () => {
    const key = randomUUID();
    await store.put(key, Readable.from([Buffer.from('partial')]));
    await db.all(sql`INSERT INTO "upload_garbage" ("storageKey", "dueAt") VALUES (${key}, ${new Date(Date.now() + 60_000)})`);
    await sweeper.sweep();
    expect(store.files.has(key)).toBe(true);
  });

  it('two processes sweeping at once delete everything once and fail nowhere', async () => {
    const old = new Date(Date.now() - orphanTtlMs - 1_000);
    const rows = await Promise.all(Array.from({ length: 5 }, () => stored({ createdAt: old })));
    const other = new UploadSweeper(db, store, { orphanTtlMs, sweepIntervalMs: 60_000 } as never);
    await Promise.all([sweeper.sweep(), other.sweep()]);
    for (const row of rows) expect(await exists(row.id)).toBe(false);
    expect(rows.some((r) => store.files.has(r.id))).toBe(false);
  });
});
