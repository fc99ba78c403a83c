import { Limits, type Message, type MessagePage } from '@parley/contract';
import { catchUpAfter, hasHole } from './message-merge';

/** A conversation's history as a client holds it. */
export interface HeldHistory {
  messages: readonly Message[];
  /** No older page exists (the history is meant to start at seq 1), so a first seq above 1 is a hole too. */
  reachesStart: boolean;
}

export interface HistoryGapFillerOptions {
  /** `GET /api/conversations/:id/messages?after=&limit=`. */
  fetchAfter(conversationId: string, afterSeq: number, limit: number): Promise<MessagePage>;
  /** The history held now; undefined while it is not kept (not opened, still loading, failed): filling stops. */
  read(conversationId: string): HeldHistory | undefined;
  /** Merges a fetched page into the held history (by seq and version, see mergeMessages). */
  apply(conversationId: string, messages: readonly Message[]): void;
  /** Defaults to the API's largest page. */
  pageLimit?: number;
  /** At most this many pages per round, so a runaway server cannot keep a client fetching forever. */
  maxPages?: number;
}

export const GAP_FILL_MAX_PAGES = 50;

/**
 * Fetches what a history is missing with the history API: everything after the contiguous run it
 * starts with, page by page while the server has more. One fill per conversation at a time; a call
 * while one runs makes it go round once more (a new hole may have opened after its last request went
 * out), so holes opened by live messages, reconnects and sync pages are all filled.
 */
export class HistoryGapFiller {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly pageLimit: number;
  private readonly maxPages: number;

  constructor(private readonly options: HistoryGapFillerOptions) {
    this.pageLimit = options.pageLimit ?? Limits.messagesPageMax;
    this.maxPages = options.maxPages ?? GAP_FILL_MAX_PAGES;
  }

  /** Some seq up to the newest held is missing. */
  holeIn(conversationId: string): boolean {
    const held = this.options.read(conversationId);
    return !!held && hasHole(held.messages, held.reachesStart);
  }

  /**
   * Fetches everything after the contiguous run held (after a reconnect, or when a hole opened).
   * Rejects when a request fails; callers that only want it retried later catch that.
   */
  fill(conversationId: string): Promise<void> {
    const running = this.running.get(conversationId);
    if (running) {
      this.again.add(conversationId);
      return running;
    }
    const run = (async () => {
      do {
        this.again.delete(conversationId);
        await this.fetchMissing(conversationId);
      } while (this.again.has(conversationId) && this.holeIn(conversationId));
    })().finally(() => {
      this.running.delete(conversationId);
      this.again.delete(conversationId);
    });
    this.running.set(conversationId, run);
    return run;
  }

  /** Fills only when something is missing; resolves at once otherwise. */
  fillHole(conversationId: string): Promise<void> {
    return this.holeIn(conversationId) ? this.fill(conversationId) : Promise.resolve();
  }

  private async fetchMissing(conversationId: string): Promise<void> {
    for (let page = 0; page < this.maxPages; page++) {
      const held = this.options.read(conversationId);
      if (!held) return;
      const result = await this.options.fetchAfter(conversationId, catchUpAfter(held.messages, held.reachesStart), this.pageLimit);
      this.options.apply(conversationId, result.items);
      // An empty page that claims more would loop for nothing.
      if (!result.hasMore || result.items.length === 0) return;
    }
  }
}
