import { BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ErrorCode } from '@parley/contract';
import { DomainError } from '../../common/domain-error';
import { DEFAULT_WRITE_BATCH_WINDOW_MS, limitsConfig } from '../../config/limits.config';
import { isRowLevelError, isUniqueViolation } from '../../database/errors';
import { Metrics } from '../../metrics/metrics.service';
import { WriteBacklog } from '../../realtime/write-backlog';
import type { NewMessage, WriteOutcome } from './batch-plan';
import { BATCH_WRITER, type BatchWriter } from './batch-writer';

export const MAX_BATCH = 500;
/**
 * A batch this large is written at once, window or not: a transaction's fixed cost (its commit, the
 * search index's flush, the fsync) is already spread thin over it, and waiting would only add latency.
 */
export const BATCH_WORTH_WRITING = 16;
/** A sender whose own excess is refused waits about this long before retrying. */
const LANE_FULL_RETRY_MS = 1_000;

interface Pending {
  send: NewMessage;
  /** process.hrtime.bigint() when it was queued, for the ack latency. */
  queuedAt: bigint;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: sends that arrive while a write is in flight wait and go together in the next
 * transaction. An idle server writes each message at once; a busy one pays one transaction (and one
 * fsync) per batch instead of per message. Every caller is answered only after its batch committed.
 * Under a steady stream that arrives about as fast as transactions end, batches would hold one or two
 * sends each; so while sends keep coming, a small batch waits out WRITE_BATCH_WINDOW_MS after the last
 * commit and gathers what arrives meanwhile (the commit's fixed cost was most of a message's CPU).
 *
 * Fair: each sender has a lane of at most WRITE_QUEUE_PER_USER waiting sends (beyond it only that
 * sender is refused, RATE_LIMITED), and batches are filled round-robin across lanes, so a sender
 * with hundreds waiting delays another sender's message by at most one batch, never by its backlog.
 */
@Injectable()
export class MessageWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger('MessageWriter');
  /** senderId → that sender's waiting sends, in order; Map order is the round-robin order. */
  private readonly lanes = new Map<string, Pending[]>();
  private draining: Promise<void> | null = null;
  private closing = false;
  private readonly perSender: number;
  private readonly windowMs: number;
  /** performance.now() when the last batch committed (or failed). */
  private lastWriteEndedAt = Number.NEGATIVE_INFINITY;

  constructor(
    @Inject(BATCH_WRITER) private readonly writer: BatchWriter,
    @Optional() @Inject(limitsConfig.KEY) limits?: ConfigType<typeof limitsConfig>,
    @Optional() private readonly metrics?: Metrics,
    /** The number of waiting sends and the queue's bound, shared with the socket guard. */
    @Optional() private readonly backlog: WriteBacklog = new WriteBacklog(limits),
  ) {
    this.perSender = limits?.writeQueuePerUser ?? Number.POSITIVE_INFINITY;
    this.windowMs = limits?.writeBatchWindowMs ?? DEFAULT_WRITE_BATCH_WINDOW_MS;
  }

  write(send: NewMessage): Promise<WriteOutcome> {
    if (this.closing) {
      return Promise.reject(new DomainError(ErrorCode.Unavailable, 'This server is shutting down; please retry'));
    }
    // The database is not keeping up: refuse rather than queue without end (sockets are refused earlier, by the guard).
    if (this.backlog.full) return Promise.reject(WriteBacklog.busy());
    const lane = this.lanes.get(send.senderId);
    if (lane && lane.length >= this.perSender) {
      return Promise.reject(DomainError.rateLimited('You have too many messages waiting to be stored; please wait a moment', LANE_FULL_RETRY_MS));
    }
    return new Promise((resolve, reject) => {
      const pending = { send, resolve, reject, queuedAt: process.hrtime.bigint() };
      if (lane) lane.push(pending);
      else this.lanes.set(send.senderId, [pending]);
      this.backlog.waiting += 1;
      this.startDraining();
    });
  }

  /** Up to MAX_BATCH sends, one per lane in turn; a lane that still has sends goes to the back. */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    while (batch.length < MAX_BATCH) {
      const first = this.lanes.entries().next();
      if (first.done) break;
      const [senderId, lane] = first.value;
      batch.push(lane.shift() as Pending);
      this.lanes.delete(senderId);
      if (lane.length) this.lanes.set(senderId, lane);
    }
    this.backlog.waiting -= batch.length;
    return batch;
  }

  private startDraining(): void {
    this.draining ??= this.nextStart()
      .then(() => this.drain())
      .finally(() => {
        this.draining = null;
        // A send may have been queued after the loop's last check: pick it up.
        if (this.backlog.waiting) this.startDraining();
      });
  }

  /**
   * Runs before Nest closes the sockets: refuse new sends (clients retry on another process),
   * finish the batches in flight, then yield once so their acknowledgements are sent.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    // A drain may leave a small rest for the next start (the window): wait for every one of them.
    while (this.draining) await this.draining;
    await new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * One turn later, so that every send read from the sockets in this turn joins the batch; while sends
   * keep coming, at the end of the window after the last write, unless a batch worth writing waits.
   */
  private nextStart(): Promise<void> {
    const wait = this.windowMs - (performance.now() - this.lastWriteEndedAt);
    const gather = wait > 0 && this.backlog.waiting < BATCH_WORTH_WRITING && !this.closing;
    return new Promise((started) => (gather ? setTimeout(started, wait) : setImmediate(started)));
  }

  /** Writes batch after batch while each would be worth writing at once; a smaller rest waits for the next start. */
  private async drain(): Promise<void> {
    do {
      await this.flush(this.takeBatch());
      this.lastWriteEndedAt = performance.now();
    } while (this.backlog.waiting >= BATCH_WORTH_WRITING || (this.backlog.waiting && !this.windowMs));
  }

  private async flush(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await this.writer.write(batch.map((p) => p.send));
      this.recordCommitted(batch);
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
        this.recordCommitted([pending]);
        return pending.resolve(outcome);
      } catch (retryError) {
        error = retryError;
      }
    }
    this.logger.error({ err: error }, 'Message write failed');
    pending.reject(error);
  }

  private recordCommitted(batch: Pending[]): void {
    if (!this.metrics) return;
    const now = process.hrtime.bigint();
    this.metrics.writeBatchSize.observe(batch.length);
    this.metrics.messagesAcknowledged.inc(batch.length);
    for (const pending of batch) this.metrics.ackSeconds.observe(Number(now - pending.queuedAt) / 1e9);
  }
}
