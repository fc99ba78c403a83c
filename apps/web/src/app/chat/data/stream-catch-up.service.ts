import { inject, Injectable, OnDestroy } from '@angular/core';
import { Conversation, SyncResponse } from '@parley/contract';
import { applySyncPage, SyncCatchUp, SyncTrigger } from '@parley/protocol';
import { AuthStore } from '../../auth/auth.store';
import { toClientError } from '../../core/api-error';
import { ChatApi } from './chat-api';
import { ConversationsStore } from './conversations.store';
import { MessagesStore } from './messages.store';
import { SyncCursorStore } from './sync-cursor.store';
import { UsersStore } from './users.store';

export { MAX_SYNC_REQUESTS, SYNC_PAGE, SYNC_RETRY_DELAYS_MS } from '@parley/protocol';

/**
 * The receiver side of delivery: on every (re)connect, fetch everything that changed since this
 * device's cursor, in every conversation (new ones included), with a bounded number of `GET /api/sync`
 * calls, and apply it to the stores. The loop itself is the shared protocol's (SyncCatchUp); this wires
 * it to the HTTP API and the stores. Live events that arrive meanwhile merge by seq, so nothing shows twice.
 */
@Injectable()
export class StreamCatchUp implements OnDestroy {
  private readonly api = inject(ChatApi);
  private readonly auth = inject(AuthStore);
  private readonly cursor = inject(SyncCursorStore);
  private readonly conversations = inject(ConversationsStore);
  private readonly messages = inject(MessagesStore);
  private readonly users = inject(UsersStore);

  private readonly engine = new SyncCatchUp({
    fetchSync: (since, limit) => this.api.sync({ since, limit }),
    apply: (page) => this.apply(page),
    cursor: {
      ready: () => this.cursor.ready(),
      get: () => this.cursor.cursor(),
      set: (cursor) => this.cursor.set(cursor),
      fetchFresh: () => this.cursor.fetchFresh(),
    },
    // Starting afresh: the conversation list again, and each loaded history after its last seq.
    reload: async () => {
      await this.conversations.load();
      await this.messages.catchUpAll();
    },
    // 400: a cursor this server does not accept (another deployment, a wiped database, a corrupt store).
    isCursorRejected: (error) => toClientError(error).status === 400,
  });

  /**
   * Catches up now; a call while a run is under way makes it go round once more rather than run twice.
   * A connect or a sync:needed (`trigger` 'event') starts the backoff over, so retries never stop for good.
   */
  async run(trigger: SyncTrigger = 'event'): Promise<void> {
    await this.engine.run(trigger);
  }

  /** The chat session ends: a run still awaiting a response changes nothing. */
  ngOnDestroy(): void {
    this.engine.stop();
  }

  /** Removed conversations first, then the changed ones (so their messages have somewhere to go), then the messages. */
  private apply(page: SyncResponse): void {
    applySyncPage(page, {
      removeConversations: (ids) => ids.forEach((id) => this.conversations.remove(id)),
      upsertConversation: (conversation) => this.upsert(conversation),
      ingestMessages: (messages) => this.messages.ingestMany(messages),
    });
  }

  private upsert(conversation: Conversation): void {
    this.conversations.upsert(conversation);
    const me = this.auth.user()?.id;
    conversation.members.filter((m) => m.id !== me).forEach((member) => this.users.include(member));
  }
}
