import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode } from '@parley/contract';
import { DomainError } from '../../common/domain-error';
import { isRowLevelError, isUniqueViolation } from '../../database/errors';
import type { NewMessage, WriteOutcome } from './batch-plan';
import { BATCH_WRITER, type BatchWriter } from './batch-writer';

export const MAX_BATCH = 500;
/** Beyond this many waiting sends the database is not keeping up: refuse rather than queue without end. */
export const MAX_QUEUED = 5_000;

interface Pending {
  send: NewMessage;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: sends that arrive while a write is in flight wait and go together in the next
 * transaction. An idle server writes each message at once; a busy one pays one transaction (and one
 * fsync) per batch instead of per message. Every caller is answered only after its batch committed.
 */
@Injectable()
export class MessageWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger('MessageWriter');
  private queue: Pending[] = [];
  private draining: Promise<void> | null = null;
  private closing = false;

  constructor(@Inject(BATCH_WRITER) private readonly writer: BatchWriter) {}

  write(send: NewMessage): Promise<WriteOutcome> {
    if (this.closing) {
      return Promise.reject(new DomainError(ErrorCode.Unavailable, 'This server is shutting down; please retry'));
    }
    if (this.queue.length >= MAX_QUEUED) {
      return Promise.reject(new DomainError(ErrorCode.Unavailable, 'The server is busy; please retry'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ send, resolve, reject });
      this.startDraining();
    });
  }

  private startDraining(): void {
    // Start one turn later, so that every send read from the sockets in this turn joins the batch.
    this.draining ??= new Promise<void>((started) => setImmediate(started))
      .then(() => this.drain())
      .finally(() => {
        this.draining = null;
        // A send may have been queued after the loop's last check: pick it up.
        if (this.queue.length) this.startDraining();
      });
  }

  /**
   * Runs before Nest closes the sockets: refuse new sends (clients retry on another process),
   * finish the batches in flight, then yield once so their acknowledgements are sent.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.draining;
    await new Promise((resolve) => setImmediate(resolve));
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      await this.flush(batch);
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await this.writer.write(batch.map((p) => p.send));
      batch.forEach((p, i) => p.resolve(outcomes[i]));
    } catch (error) {
      if (batch.length > 1 && isRowLevelError(error)) {
        // One bad send (or a race with another process) must not fail its neighbours: retry them one by one.
        for (const pending of batch) await this.flush([pending]);
        return;
      }
      if (batch.length === 1) return this.retrySingle(batch[0], error);
      // The database itself is failing: answer everyone now instead of N slow retries.
      this.logger.error({ err: error }, `Message batch of ${batch.length} failed`);
      batch.forEach((pending) => pending.reject(error));
    }
  }

  /** A unique violation means another process stored the same send first: the retry finds and returns it. */
  private async retrySingle(pending: Pending, error: unknown): Promise<void> {
    if (isUniqueViolation(error)) {
      try {
        const [outcome] = await this.writer.write([pending.send]);
        return pending.resolve(outcome);
      } catch (retryError) {
        error = retryError;
      }
    }
    this.logger.error({ err: error }, 'Message write failed');
    pending.reject(error);
  }
}

