import { computed, inject, Injectable, signal } from '@angular/core';
import { Conversation, Message, ReadMarker, User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { toClientError } from '../../core/api-error';
import { applyMessage, applyReadMarker, isMember, lastReadSeqOf, mergeConversation } from '@parley/protocol';
import { ChatApi } from './chat-api';
import { PeopleStore } from './people.store';

const MAX_PAGES = 10;

export interface RemovedConversation {
  /** I left it myself (rather than being removed). */
  left: boolean;
  name: string;
  /** Its lastSeq when it went: a copy no newer than this that still lists me is a late answer, not a re-add. */
  atSeq: number;
}

const byActivity = (a: Conversation, b: Conversation) => b.updatedAt.localeCompare(a.updatedAt);

/** The user's conversations, kept current by live events and sync; the sidebar reads it for the list. */
@Injectable()
export class ConversationsStore {
  private readonly api = inject(ChatApi);
  private readonly auth = inject(AuthStore);
  private readonly directory = inject(PeopleStore);
  private readonly fetching = new Map<string, Promise<Conversation>>();
  /** Leaves under way: the server's conversation:updated without me may arrive before the DELETE answers. */
  private readonly leavingIds = new Set<string>();
  private readonly departureListeners: ((conversationId: string) => void)[] = [];

  readonly items = signal<Conversation[]>([]);
  readonly error = signal<string | null>(null);
  /** Conversations I left or was removed from during this session, with what they were called: an open one closes. */
  readonly removed = signal<ReadonlyMap<string, RemovedConversation>>(new Map());
  /** Everyone known by id, former members included: a system line ("Alice removed Bob") still names Bob. */
  readonly people = this.directory.known;

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

  /** For the page title, "(3) Parley": muted conversations keep their (grey) badge but stay out of the count. */
  readonly totalUnread = computed(() => this.items().reduce((sum, c) => sum + (c.muted ? 0 : c.unreadCount), 0));

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
      const merged = all.map((c) => mergeConversation(this.find(c.id), c, this.auth.user()?.id));
      this.remember(all);
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

  /** Mutes or unmutes for me (on every device: the others hear of it through conversation:updated). */
  async setMuted(id: string, muted: boolean): Promise<Conversation> {
    return this.upsert(await this.api.muteConversation(id, muted));
  }

  /** A leave of mine is under way (see GroupActions.leave); call the returned function when it is over. */
  leaving(id: string): () => void {
    this.leavingIds.add(id);
    return () => this.leavingIds.delete(id);
  }

  /**
   * Adds or refreshes a conversation (never back to an older preview or read marker); one that no
   * longer lists me is removed instead.
   */
  upsert(conversation: Conversation): Conversation {
    const me = this.auth.user()?.id;
    if (me && !isMember(conversation, me)) {
      this.remove(conversation.id);
      return conversation;
    }
    const gone = this.removed().get(conversation.id);
    if (gone && conversation.lastSeq <= gone.atSeq) return conversation;
    const merged = mergeConversation(this.find(conversation.id), conversation, me);
    this.remember([merged]);
    const rest = this.items().filter((c) => c.id !== conversation.id);
    this.items.set([...rest, merged].sort(byActivity));
    if (this.removed().has(conversation.id)) {
      // Added back after leaving: it is mine again.
      this.removed.update((all) => new Map([...all].filter(([id]) => id !== conversation.id)));
    }
    return merged;
  }

  /**
   * Told of every conversation that leaves my list, at once (not through a signal: a sync page that
   * removes me and adds me back in one go would leave no trace for an effect to see).
   */
  onDeparture(listener: (conversationId: string) => void): void {
    this.departureListeners.push(listener);
  }

  /** I left or was removed (conversation:updated without me, or sync's removedConversationIds). */
  remove(conversationId: string, left = false): void {
    const conversation = this.find(conversationId);
    if (conversation) this.items.update((items) => items.filter((c) => c.id !== conversationId));
    this.departureListeners.forEach((listener) => listener(conversationId));
    if (this.removed().has(conversationId)) return;
    const name = conversation?.title ?? 'the conversation';
    const gone: RemovedConversation = { left: left || this.leavingIds.has(conversationId), name, atSeq: conversation?.lastSeq ?? 0 };
    this.removed.update((all) => new Map([...all, [conversationId, gone]]));
  }

  /** A moved read marker (mine from another tab, or another member's): forward only. */
  applyRead(marker: ReadMarker): void {
    const conversation = this.find(marker.conversationId);
    const me = this.auth.user()?.id;
    if (!conversation || !me) return;
    const next = applyReadMarker(conversation, marker, me);
    if (next !== conversation) this.replace(next);
  }

  /** Keeps the preview, ordering, unread count and the sender's marker current as messages arrive. */
  noteMessage(message: Message): void {
    const conversation = this.find(message.conversationId);
    const me = this.auth.user()?.id;
    if (!conversation || !me) {
      // A system line after my removal ("Alice removed you") reaches me too: no need to fetch what is gone.
      if (!this.removed().has(message.conversationId)) void this.ensure(message.conversationId).catch(() => undefined);
      return;
    }
    const next = applyMessage(conversation, message, me);
    // A system line saying I left or was removed takes the conversation away (upsert does that).
    if (next !== conversation) this.upsert(next);
  }

  /**
   * Someone's new profile (`user:updated`, or mine saved here): remembered for every name the device shows,
   * in the member lists that carry it, and in my own session.
   */
  applyUser(user: User): void {
    this.directory.remember([user]);
    this.auth.updateUser(user);
    const renamed = (c: Conversation) => c.members.some((m) => m.id === user.id && (m.displayName !== user.displayName || m.username !== user.username));
    if (!this.items().some(renamed)) return;
    this.items.update((items) => items.map((c) => (renamed(c) ? { ...c, members: c.members.map((m) => (m.id === user.id ? user : m)) } : c)));
  }

  /** My own marker for a conversation (0 when unknown). */
  myLastReadSeq(conversationId: string): number {
    const me = this.auth.user()?.id;
    const conversation = this.find(conversationId);
    return conversation && me ? lastReadSeqOf(conversation, me) : 0;
  }

  private replace(conversation: Conversation): void {
    this.items.update((items) => items.map((c) => (c.id === conversation.id ? conversation : c)));
  }

  private remember(conversations: readonly Conversation[]): void {
    this.directory.remember(conversations.flatMap((c) => c.members));
  }
}
