import { computed, inject, Injectable, signal } from '@angular/core';
import { Conversation, Message } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { toClientError } from '../../core/api-error';
import { ChatApi } from './chat-api';

const MAX_PAGES = 10;

/** The incoming copy, except that its last message never goes back to an older one than we hold. */
function fresher(held: Conversation | undefined, incoming: Conversation): Conversation {
  if (!held || incoming.lastSeq >= held.lastSeq) return incoming;
  return { ...incoming, lastMessage: held.lastMessage, lastSeq: held.lastSeq, updatedAt: held.updatedAt };
}

const byActivity = (a: Conversation, b: Conversation) => b.updatedAt.localeCompare(a.updatedAt);

/** The user's conversations, kept current by live events; the sidebar reads it for previews. */
@Injectable()
export class ConversationsStore {
  private readonly api = inject(ChatApi);
  private readonly auth = inject(AuthStore);
  private readonly fetching = new Map<string, Promise<Conversation>>();

  readonly items = signal<Conversation[]>([]);
  readonly error = signal<string | null>(null);

  /** Direct conversations by the other member's id: "is there already a chat with this person?" */
  readonly byOtherUser = computed(() => {
    const me = this.auth.user()?.id;
    const map = new Map<string, Conversation>();
    for (const conversation of this.items()) {
      const other = conversation.members.find((m) => m.id !== me);
      if (other && conversation.kind === 'direct') map.set(other.id, conversation);
    }
    return map;
  });

  /** Loads (or reloads, after a reconnect) every conversation, so ones created while away show up too. */
  async load(): Promise<void> {
    try {
      let cursor: string | undefined;
      const all: Conversation[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await this.api.listConversations(cursor);
        all.push(...result.items);
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      // Merged, not replaced: a live message or a sync that landed while the pages loaded must not be undone.
      const loaded = new Map(all.map((c) => [c.id, c]));
      const kept = this.items().filter((c) => !loaded.has(c.id));
      const merged = all.map((c) => fresher(this.find(c.id), c));
      this.items.set([...kept, ...merged].sort(byActivity));
      this.error.set(null);
    } catch (error) {
      this.error.set(toClientError(error).message);
    }
  }

  find(id: string): Conversation | undefined {
    return this.items().find((c) => c.id === id);
  }

  /** The conversation from memory, or from the API (shared link, reload). Rejects with the HTTP error, e.g. 404. */
  ensure(id: string): Promise<Conversation> {
    const known = this.find(id);
    if (known) return Promise.resolve(known);
    let pending = this.fetching.get(id);
    if (!pending) {
      pending = this.api.getConversation(id).then((c) => this.upsert(c)).finally(() => this.fetching.delete(id));
      this.fetching.set(id, pending);
    }
    return pending;
  }

  async openWith(userId: string): Promise<Conversation> {
    return this.upsert(await this.api.openDirect(userId));
  }

  /** Adds or refreshes a conversation; a copy older than the one held (by `lastSeq`) keeps the newer preview. */
  upsert(conversation: Conversation): Conversation {
    const merged = fresher(this.find(conversation.id), conversation);
    const rest = this.items().filter((c) => c.id !== conversation.id);
    this.items.set([...rest, merged].sort(byActivity));
    return merged;
  }

  /** Keeps the preview and ordering current as messages arrive. */
  noteMessage(message: Message): void {
    const conversation = this.find(message.conversationId);
    if (!conversation) {
      void this.ensure(message.conversationId).catch(() => undefined);
      return;
    }
    if (message.seq <= conversation.lastSeq && conversation.lastMessage) return;
    this.upsert({ ...conversation, lastMessage: message, lastSeq: message.seq, updatedAt: message.createdAt });
  }
}
