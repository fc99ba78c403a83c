import { inject, Injectable, OnDestroy, signal } from '@angular/core';
import { Attachment, ErrorCode, Limits, Message } from '@parley/contract';
import { hasHole, HistoryGapFiller, lastSeq, mergeMessages, messageAt } from '@parley/protocol';
import { AuthStore } from '../../auth/auth.store';
import { toClientError } from '../../core/api-error';
import { newClientMessageId } from '../../core/client-id';
import { SocketService } from '../connection/socket.service';
import { ChatApi } from './chat-api';
import { ConversationsStore } from './conversations.store';
import { OutboxStore } from './outbox.store';
import { SyncCursorStore } from './sync-cursor.store';

export interface Timeline {
  messages: Message[];
  status: 'loading' | 'ready' | 'error';
  hasMoreBefore: boolean;
  loadingOlder: boolean;
  error: string | null;
  /**
   * v2: the history held is a window around an older message (a search result, a reply's original), not
   * the newest page: newer pages load as the reader scrolls down, and live messages wait until it reaches them.
   */
  hasMoreAfter?: boolean;
  loadingNewer?: boolean;
}

const PAGE = Limits.messagesPageDefault;
const MAX_SEND_ATTEMPTS = 3;
/** Refusals that say "not now" rather than "never": backed off and resent like a lost acknowledgement. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([ErrorCode.Unavailable, ErrorCode.RateLimited]);

/** Each opened conversation's history; sending goes through the outbox so nothing typed is lost. One per chat session (see chatSessionProviders). */
@Injectable()
export class MessagesStore implements OnDestroy {
  private readonly api = inject(ChatApi);
  private readonly auth = inject(AuthStore);
  private readonly socket = inject(SocketService);
  private readonly outbox = inject(OutboxStore);
  private readonly conversations = inject(ConversationsStore);
  private readonly cursor = inject(SyncCursorStore);
  private readonly inflight = new Set<string>();
  private readonly attempts = new Map<string, number>();
  private readonly retryTimers = new Set<ReturnType<typeof setTimeout>>();

  readonly timelines = signal<Record<string, Timeline>>({});
  /** Per conversation, bumped by every (re)load: the answer to a superseded one (open, then a jump) is dropped. */
  private readonly loads = new Map<string, number>();

  /** Fills holes with `?after=` pages, one fill per conversation at a time (see @parley/protocol). */
  private readonly gaps = new HistoryGapFiller({
    fetchAfter: (conversationId, after, limit) => this.api.listMessages(conversationId, { after, limit }),
    read: (conversationId) => {
      const timeline = this.timelines()[conversationId];
      // A window around an older message fills forward through loadNewer instead.
      return timeline?.status === 'ready' && !timeline.hasMoreAfter ? { messages: timeline.messages, reachesStart: !timeline.hasMoreBefore } : undefined;
    },
    apply: (conversationId, items) => void this.merge(conversationId, items),
  });

  constructor() {
    // What changes while I am out of a conversation never reaches me, so its held history would go
    // stale: it goes with the conversation and is fetched afresh if I am added back (see departedConversations).
    this.conversations.onDeparture((conversationId) => this.forget(conversationId));
  }

  async open(conversationId: string): Promise<void> {
    const current = this.timelines()[conversationId];
    if (current?.status === 'ready') return this.catchUp(conversationId);
    if (current?.status === 'loading') return;
    this.patch(conversationId, { messages: [], status: 'loading', hasMoreBefore: false, hasMoreAfter: false, loadingOlder: false, error: null });
    const load = this.nextLoad(conversationId);
    try {
      // The sync cursor must predate this page, or a message stored in between would be in neither.
      await this.cursor.ready();
      const page = await this.api.listMessages(conversationId, { limit: PAGE });
      if (load !== this.loads.get(conversationId)) return;
      // Messages that arrived (live or by sync) while the page was on its way were held: merge them in.
      const messages = this.merge(conversationId, page.items, { status: 'ready', hasMoreBefore: page.hasMore });
      if (hasHole(messages, !page.hasMore)) void this.catchUp(conversationId);
    } catch (error) {
      if (load === this.loads.get(conversationId)) this.patch(conversationId, { status: 'error', error: toClientError(error).message });
    }
  }

  async loadOlder(conversationId: string): Promise<void> {
    const timeline = this.timelines()[conversationId];
    if (!timeline || timeline.status !== 'ready' || !timeline.hasMoreBefore || timeline.loadingOlder) return;
    this.patch(conversationId, { loadingOlder: true });
    try {
      const before = timeline.messages[0]?.seq;
      const page = await this.api.listMessages(conversationId, { before, limit: PAGE });
      this.merge(conversationId, page.items, { hasMoreBefore: page.hasMore, loadingOlder: false });
    } catch {
      this.patch(conversationId, { loadingOlder: false });
    }
  }

  /** Fetches everything after the last contiguous seq held: after a reconnect, or when a live message skips ahead. */
  catchUp(conversationId: string): Promise<void> {
    // A failed catch-up is retried on the next reconnect or gap; the history so far stays on screen.
    return this.gaps.fill(conversationId).catch(() => undefined);
  }

  async catchUpAll(): Promise<void> {
    const ready = Object.entries(this.timelines()).filter(([, t]) => t.status === 'ready');
    await Promise.all(ready.map(([id]) => this.catchUp(id)));
  }

  /** A message from the socket, an acknowledgement or a page: merged once, whatever the path. */
  ingest(message: Message): void {
    this.ingestMany([message]);
  }

  /**
   * Messages from any path (live, acknowledgement, sync), in any order and with repeats: each lands once,
   * in seq order. A hole left behind (a live message that skipped ahead) is fetched with the history API.
   */
  ingestMany(messages: readonly Message[]): void {
    const byConversation = new Map<string, Message[]>();
    for (const message of messages) {
      const group = byConversation.get(message.conversationId) ?? [];
      group.push(message);
      byConversation.set(message.conversationId, group);
    }
    for (const [conversationId, group] of byConversation) {
      this.merge(conversationId, group);
      if (this.gaps.holeIn(conversationId)) void this.catchUp(conversationId);
    }
  }

  /**
   * Shows the history around `seq`: at once when it is held, otherwise a window of a page either side of
   * it (`before`/`after`) replaces what is held, rather than every page from the newest down to it.
   */
  async openAt(conversationId: string, seq: number): Promise<void> {
    const current = this.timelines()[conversationId];
    if (current?.status === 'ready' && messageAt(current.messages, seq)) return;
    this.patch(conversationId, { messages: [], status: 'loading', hasMoreBefore: false, hasMoreAfter: true, loadingOlder: false, loadingNewer: false, error: null });
    const load = this.nextLoad(conversationId);
    try {
      await this.cursor.ready();
      const [older, newer] = await Promise.all([
        this.api.listMessages(conversationId, { before: seq + 1, limit: PAGE }),
        this.api.listMessages(conversationId, { after: seq, limit: PAGE }),
      ]);
      if (load !== this.loads.get(conversationId)) return;
      this.merge(conversationId, [...older.items, ...newer.items], { status: 'ready', hasMoreBefore: older.hasMore, hasMoreAfter: newer.hasMore });
      if (!newer.hasMore) void this.catchUp(conversationId);
    } catch (error) {
      if (load === this.loads.get(conversationId)) this.patch(conversationId, { status: 'error', hasMoreAfter: false, error: toClientError(error).message });
    }
  }

  /** The next page of a window (see openAt); reaching the newest message makes it the live history again. */
  async loadNewer(conversationId: string): Promise<void> {
    const timeline = this.timelines()[conversationId];
    if (!timeline || timeline.status !== 'ready' || !timeline.hasMoreAfter || timeline.loadingNewer) return;
    this.patch(conversationId, { loadingNewer: true });
    try {
      const page = await this.api.listMessages(conversationId, { after: lastSeq(timeline.messages), limit: PAGE });
      this.merge(conversationId, page.items, { loadingNewer: false, hasMoreAfter: page.hasMore });
      // Live messages that came while the page was out were not kept: fetch whatever followed it.
      if (!page.hasMore) void this.catchUp(conversationId);
    } catch {
      this.patch(conversationId, { loadingNewer: false });
    }
  }

  /** "Jump to latest" from a window: the newest page again, as when the conversation was first opened. */
  async showLatest(conversationId: string): Promise<void> {
    if (!this.timelines()[conversationId]?.hasMoreAfter) return;
    this.forget(conversationId);
    await this.open(conversationId);
  }

  /** Drops a conversation's held history; a load still on its way for it is ignored when it answers. */
  private forget(conversationId: string): void {
    if (!this.timelines()[conversationId]) return;
    this.nextLoad(conversationId);
    this.timelines.update((all) => Object.fromEntries(Object.entries(all).filter(([id]) => id !== conversationId)));
  }

  /** `attachments`: uploaded already (see UploadsStore); with them the body may be empty. */
  send(conversationId: string, body: string, replyToId?: string, attachments: readonly Attachment[] = []): void {
    const clientMessageId = newClientMessageId();
    this.outbox.add({
      clientMessageId,
      conversationId,
      body,
      createdAt: new Date().toISOString(),
      state: 'sending',
      ...(replyToId ? { replyToId } : {}),
      ...(attachments.length ? { attachments: [...attachments] } : {}),
    });
    void this.deliver(clientMessageId);
  }

  retry(clientMessageId: string): void {
    this.attempts.delete(clientMessageId);
    this.outbox.update(clientMessageId, { state: 'sending', error: undefined });
    void this.deliver(clientMessageId);
  }

  /** Drops a failed message the sender gave up on; nothing of it reached the server. */
  discard(clientMessageId: string): void {
    this.attempts.delete(clientMessageId);
    this.outbox.remove(clientMessageId);
  }

  /** Resends everything still pending, e.g. after a (re)connect or a reload. */
  flushOutbox(): void {
    for (const entry of this.outbox.all()) if (entry.state === 'sending') void this.deliver(entry.clientMessageId);
  }

  ngOnDestroy(): void {
    this.retryTimers.forEach(clearTimeout);
  }

  private async deliver(clientMessageId: string): Promise<void> {
    const entry = this.outbox.find(clientMessageId);
    // Gone (acknowledged by another path, or sent from another tab): nothing left to count attempts for.
    if (!entry) this.attempts.delete(clientMessageId);
    if (!entry || entry.state !== 'sending' || this.inflight.has(clientMessageId) || !this.socket.connected) return;
    this.inflight.add(clientMessageId);
    try {
      const { conversationId, body, replyToId, attachments } = entry;
      const ack = await this.socket.send({
        conversationId,
        body,
        clientMessageId,
        ...(replyToId ? { replyToId } : {}),
        ...(attachments?.length ? { attachmentIds: attachments.map((a) => a.id) } : {}),
      });
      if (ack.ok) {
        this.attempts.delete(clientMessageId);
        this.ingest(ack.message);
      } else if (RETRYABLE_CODES.has(ack.error.code)) {
        this.retryLater(clientMessageId, ack.error.message);
      } else {
        this.attempts.delete(clientMessageId);
        this.outbox.update(clientMessageId, { state: 'failed', error: ack.error.message });
      }
    } catch {
      // No acknowledgement: the message may or may not be stored. Resending with the same clientMessageId is safe.
      this.retryLater(clientMessageId, 'Not delivered.');
    } finally {
      this.inflight.delete(clientMessageId);
    }
  }

  /** Backs off and resends with the same clientMessageId; after MAX_SEND_ATTEMPTS the entry is marked failed. */
  private retryLater(clientMessageId: string, error: string): void {
    const attempts = (this.attempts.get(clientMessageId) ?? 0) + 1;
    this.attempts.set(clientMessageId, attempts);
    if (attempts >= MAX_SEND_ATTEMPTS) {
      this.outbox.update(clientMessageId, { state: 'failed', error });
      return;
    }
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      void this.deliver(clientMessageId);
    }, 1000 * 2 ** attempts);
    this.retryTimers.add(timer);
  }

  /**
   * The one way messages enter a timeline, whatever the path (page, catch-up, live, acknowledgement, sync):
   * our own acknowledged sends leave the outbox, the preview learns the newest message, and the timeline is
   * merged by seq and version (held while its first page loads: `open` merges it then; not kept for unopened ones).
   */
  private merge(conversationId: string, items: readonly Message[], patch: Partial<Timeline> = {}): Message[] {
    const me = this.auth.user()?.id;
    for (const message of items) if (message.senderId === me) this.outbox.remove(message.clientMessageId);
    if (items.length > 0) this.conversations.noteMessage(items.reduce((a, b) => (b.seq > a.seq ? b : a)));
    const timeline = this.timelines()[conversationId];
    if (!timeline || timeline.status === 'error') return [];
    // A window around an older message keeps only what falls inside it; loadNewer brings the rest in order.
    // (A merge that sets the window itself, a page of openAt or loadNewer, is taken whole.)
    const end = lastSeq(timeline.messages);
    const kept = timeline.hasMoreAfter && !('hasMoreAfter' in patch) ? items.filter((m) => m.seq <= end) : items;
    const messages = mergeMessages(timeline.messages, kept);
    if (messages !== timeline.messages || Object.keys(patch).length > 0) this.patch(conversationId, { ...patch, messages });
    return messages;
  }

  private nextLoad(conversationId: string): number {
    const load = (this.loads.get(conversationId) ?? 0) + 1;
    this.loads.set(conversationId, load);
    return load;
  }

  private patch(conversationId: string, patch: Partial<Timeline>): void {
    this.timelines.update((all) => ({ ...all, [conversationId]: { ...all[conversationId], ...patch } as Timeline }));
  }
}
