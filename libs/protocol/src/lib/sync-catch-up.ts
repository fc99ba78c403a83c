import { Limits, type SyncResponse } from '@parley/contract';
import { globalTimers, type Timers } from './timers';

/** This device's position in the server's change stream. */
export interface SyncCursorStore {
  /** Resolves once the cursor is known, or known to be unknown (then catch-up starts afresh). */
  ready(): Promise<void>;
  get(): string | null;
  /** Only ever a cursor the server handed out in a sync answer: a missed live event cannot be skipped over. */
  set(cursor: string): void;
  /** Takes (and stores) the server's current position: `GET /api/sync` without `since`. */
  fetchFresh(): Promise<unknown>;
}

export interface SyncCatchUpOptions {
  /** `GET /api/sync?since=&limit=`. */
  fetchSync(since: string, limit: number): Promise<SyncResponse>;
  /** Applies one page: removed conversations, then conversations, then messages (see applySyncPage). */
  apply(page: SyncResponse): void;
  cursor: SyncCursorStore;
  /**
   * Starting afresh, once the fresh cursor is stored: reload the conversation list and fetch every held
   * history after its last seq, so nothing stored between the old cursor and the new one is missed.
   */
  reload(): Promise<void>;
  /** The server refused the cursor (400: another deployment, a wiped database, a corrupt store). */
  isCursorRejected(error: unknown): boolean;
  timers?: Timers;
  maxRequests?: number;
  pageLimit?: number;
  retryDelaysMs?: readonly number[];
}

/** At most this many sync requests per catch-up; a device further behind starts afresh instead. */
export const MAX_SYNC_REQUESTS = 10;
export const SYNC_PAGE = Limits.syncPageDefault;
/** Backoff between attempts when the sync request itself fails (server restarting, network flapping). */
export const SYNC_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000] as const;

/** How a run ended: caught up through the cursor, started afresh, failed (a retry may be scheduled), or stopped. */
export type SyncOutcome = 'caught-up' | 'refreshed' | 'failed' | 'stopped';
export type SyncTrigger = 'event' | 'retry';

/**
 * The receiver side of delivery: on every (re)connect, fetch everything that changed since this
 * device's cursor, in every conversation, with a bounded number of `GET /api/sync` calls, and apply it.
 * One run at a time; failures back off; a stopped engine changes nothing, even with an answer in flight.
 */
export class SyncCatchUp {
  private readonly timers: Timers;
  private readonly maxRequests: number;
  private readonly pageLimit: number;
  private readonly retryDelaysMs: readonly number[];
  private running: Promise<SyncOutcome> | null = null;
  private again = false;
  private failures = 0;
  private retryTimer: unknown;
  /** Bumped by stop(), so a run that outlives the session (log out mid-request) changes nothing. */
  private generation = 0;
  private stopped = false;

  constructor(private readonly options: SyncCatchUpOptions) {
    this.timers = options.timers ?? globalTimers;
    this.maxRequests = options.maxRequests ?? MAX_SYNC_REQUESTS;
    this.pageLimit = options.pageLimit ?? SYNC_PAGE;
    this.retryDelaysMs = options.retryDelaysMs ?? SYNC_RETRY_DELAYS_MS;
  }

  /**
   * Catches up now; a call while a run is under way makes it go round once more rather than run twice.
   * A connect or a sync:needed (`trigger` 'event') starts the backoff over, so retries never stop for good.
   * Resolves with how the last round ended.
   */
  run(trigger: SyncTrigger = 'event'): Promise<SyncOutcome> {
    if (this.stopped) return Promise.resolve('stopped');
    if (trigger === 'event') this.failures = 0;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const generation = this.generation;
    const run = (async () => {
      let outcome: SyncOutcome;
      do {
        this.again = false;
        outcome = await this.runOnce(generation);
      } while (this.again && generation === this.generation);
      return generation === this.generation ? outcome : 'stopped';
    })().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  /** The session ends: a run still awaiting a response ends on its own (it checks the generation). */
  stop(): void {
    this.stopped = true;
    this.generation++;
    this.running = null;
    this.timers.clear(this.retryTimer);
  }

  private async runOnce(generation: number): Promise<SyncOutcome> {
    this.timers.clear(this.retryTimer);
    const { cursor } = this.options;
    try {
      await cursor.ready();
      if (generation !== this.generation) return 'stopped';
      let since = cursor.get();
      if (since === null) return await this.startAfresh(generation);
      for (let request = 0; request < this.maxRequests; request++) {
        const page = await this.options.fetchSync(since, this.pageLimit);
        if (generation !== this.generation) return 'stopped';
        this.options.apply(page);
        cursor.set(page.cursor);
        since = page.cursor;
        if (!page.hasMore) {
          this.failures = 0;
          return 'caught-up';
        }
      }
      // Too far behind for a bounded catch-up: what is held is refreshed directly instead.
      return await this.startAfresh(generation);
    } catch (error) {
      if (generation !== this.generation) return 'stopped';
      if (this.options.isCursorRejected(error)) {
        return this.startAfresh(generation).catch(() => {
          this.retryLater(generation);
          return 'failed' as const;
        });
      }
      this.retryLater(generation);
      return 'failed';
    }
  }

  /** Takes the server's current cursor first, then reloads, so nothing stored in between is missed. */
  private async startAfresh(generation: number): Promise<SyncOutcome> {
    await this.options.cursor.fetchFresh();
    if (generation !== this.generation) return 'stopped';
    await this.options.reload();
    this.failures = 0;
    return 'refreshed';
  }

  private retryLater(generation: number): void {
    if (generation !== this.generation || this.failures >= this.retryDelaysMs.length) return;
    const delay = this.retryDelaysMs[this.failures++];
    this.timers.clear(this.retryTimer);
    this.retryTimer = this.timers.set(() => void this.run('retry'), delay);
  }
}
