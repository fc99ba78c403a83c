import { inject, Injectable, OnDestroy } from '@angular/core';
import { Limits, SyncResponse } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { toClientError } from '../../core/api-error';
import { ChatApi } from './chat-api';
import { ConversationsStore } from './conversations.store';
import { MessagesStore } from './messages.store';
import { SyncCursorStore } from './sync-cursor.store';
import { UsersStore } from './users.store';

/** At most this many sync requests per catch-up; a device further behind starts afresh instead. */
export const MAX_SYNC_REQUESTS = 10;
export const SYNC_PAGE = Limits.syncPageDefault;
/** Backoff between attempts when the sync request itself fails (server restarting, network flapping). */
export const SYNC_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000] as const;

/**
 * The receiver side of delivery: on every (re)connect, fetch everything stored since this device's
 * cursor, in every conversation (new ones included), with a bounded number of `GET /api/sync` calls,
 * and merge it into the stores. Live events that arrive meanwhile merge by seq, so nothing shows twice.
 */
@Injectable()
export class StreamCatchUp implements OnDestroy {
  private readonly api = inject(ChatApi);
  private readonly auth = inject(AuthStore);
  private readonly cursor = inject(SyncCursorStore);
  private readonly conversations = inject(ConversationsStore);
  private readonly messages = inject(MessagesStore);
  private readonly users = inject(UsersStore);
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on destroy, so a run that outlives the chat (log out mid-request) changes nothing. */
  private generation = 0;

  /**
   * Catches up now; a call while a run is under way makes it go round once more rather than run twice.
   * A connect or a sync:needed (`trigger` 'event') starts the backoff over, so retries never stop for good.
   */
  run(trigger: 'event' | 'retry' = 'event'): Promise<void> {
    if (trigger === 'event') this.failures = 0;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const generation = this.generation;
    const run = (async () => {
      do {
        this.again = false;
        await this.runOnce(generation);
      } while (this.again && generation === this.generation);
    })().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  /** The chat session ends: a run still awaiting a response ends on its own (it checks the generation). */
  ngOnDestroy(): void {
    this.generation++;
    clearTimeout(this.retryTimer);
  }

  private async runOnce(generation: number): Promise<void> {
    clearTimeout(this.retryTimer);
    try {
      await this.cursor.ready();
      if (generation !== this.generation) return;
      let since = this.cursor.cursor();
      if (since === null) return await this.startAfresh(generation);
      for (let request = 0; request < MAX_SYNC_REQUESTS; request++) {
        const page = await this.api.sync({ since, limit: SYNC_PAGE });
        if (generation !== this.generation) return;
        this.apply(page);
        this.cursor.set(page.cursor);
        since = page.cursor;
        if (!page.hasMore) {
          this.failures = 0;
          return;
        }
      }
      // Too far behind for a bounded catch-up: what is loaded is refreshed directly instead.
      await this.startAfresh(generation);
    } catch (error) {
      if (generation !== this.generation) return;
      // 400: a cursor this server does not accept (another deployment, a wiped database, a corrupt store).
      if (toClientError(error).status === 400) return this.startAfresh(generation).catch(() => this.retryLater(generation));
      this.retryLater(generation);
    }
  }

  /** New conversations first (so their messages have somewhere to go), then the messages in stream order. */
  private apply(page: SyncResponse): void {
    const me = this.auth.user()?.id;
    for (const conversation of page.conversations) {
      this.conversations.upsert(conversation);
      conversation.members.filter((m) => m.id !== me).forEach((member) => this.users.include(member));
    }
    this.messages.ingestMany(page.messages);
  }

  /**
   * Takes the server's current cursor first, then reloads the conversation list and fetches each loaded
   * history after its last seq, so nothing stored between the two is missed.
   */
  private async startAfresh(generation: number): Promise<void> {
    await this.cursor.fetchFresh();
    if (generation !== this.generation) return;
    await this.conversations.load();
    await this.messages.catchUpAll();
    this.failures = 0;
  }

  private retryLater(generation: number): void {
    if (generation !== this.generation || this.failures >= SYNC_RETRY_DELAYS_MS.length) return;
    const delay = SYNC_RETRY_DELAYS_MS[this.failures++];
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.run('retry'), delay);
  }
}
