import {
  Limits,
  SocketEvent,
  type ClientToServerEvents,
  type Conversation,
  type MarkReadAck,
  type Message,
  type MessagePage,
  type Page,
  type ServerToClientEvents,
  type SyncResponse,
} from '@parley/contract';
import {
  applyMessageTo,
  applyReadMarkerTo,
  applySyncPage,
  contiguousEnd,
  departedConversations,
  HistoryGapFiller,
  lastReadSeqOf,
  lastSeq,
  mergeMessages,
  messageAt,
  removeConversations,
  SyncCatchUp,
  upsertConversation,
} from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { Outbox } from './outbox';
import { Random, sleep } from './random';

/** How a device first got a message: its own ack, a live event, a gap fetch, a sync on (re)connect, or the final sync. */
export type Source = 'ack' | 'live' | 'gap' | 'sync' | 'final';

export interface DeviceCounters {
  connects: number;
  connectErrors: number;
  drops: number;
  syncRequests: number;
  freshStarts: number;
  gapFetches: number;
  httpErrors: number;
  readMarks: number;
  readAcks: number;
  readErrors: Record<string, number>;
}

const CONNECT_TIMEOUT_MS = 3_000;
const ACK_TIMEOUT_MS = 4_000;

/** A non-2xx answer; its status tells the sync engine whether the cursor was refused (400). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One device of one user, following the client protocol with the very code the web client runs
 * (@parley/protocol): a socket to some API process; on every (re)connect, the sync engine catches up
 * from its cursor; live `message:new` merged by seq and version; a hole fetched from history; live
 * conversation changes and read markers applied with the same conversation-state functions; sends go
 * through an outbox (see Outbox). Around the library calls it only counts where things came from.
 */
export class Device {
  private listed: Conversation[] = [];
  readonly firstSource = new Map<string, Source>();
  /** Two different messages offered for one seq of one conversation: the server contradicted itself. */
  readonly conflicts: string[] = [];
  readonly counters: DeviceCounters = {
    connects: 0,
    connectErrors: 0,
    drops: 0,
    syncRequests: 0,
    freshStarts: 0,
    gapFetches: 0,
    httpErrors: 0,
    readMarks: 0,
    readAcks: 0,
    readErrors: {},
  };
  readonly outbox: Outbox;
  /** Per conversation: its history as this device would show it (seq order, one entry per seq). */
  private readonly histories = new Map<string, Message[]>();
  private readonly gaps: HistoryGapFiller;
  private readonly catchUp: SyncCatchUp;
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
  private serverUrl = '';
  private closed = false;
  private final = false;

  constructor(
    readonly name: string,
    readonly userId: string,
    private readonly token: string,
    private cursor: string,
    private readonly servers: () => string[],
    private readonly random: Random,
    /** `limit` of each sync request; small values make devices fall behind the bound and start afresh. */
    private readonly syncPage: number = Limits.syncPageMax,
  ) {
    this.outbox = new Outbox(name, () => (this.socket?.connected ? this.socket : undefined), (m) => this.ingest([m], 'ack'));
    this.gaps = new HistoryGapFiller({
      fetchAfter: (conversationId, after, limit) => {
        this.counters.gapFetches++;
        return this.get<MessagePage>(`/api/conversations/${conversationId}/messages?after=${after}&limit=${limit}`);
      },
      // Every conversation of the device is kept whole, from seq 1 (an added member sees the whole history).
      read: (conversationId) => (this.isListed(conversationId) ? { messages: this.historyOf(conversationId), reachesStart: true } : undefined),
      apply: (_conversationId, items) => this.ingest(items, this.final ? 'final' : 'gap'),
    });
    this.catchUp = new SyncCatchUp({
      fetchSync: (since, limit) => {
        this.counters.syncRequests++;
        return this.get<SyncResponse>(`/api/sync?since=${encodeURIComponent(since)}&limit=${limit}`);
      },
      apply: (page) =>
        applySyncPage(page, {
          removeConversations: (ids) => this.relist(removeConversations(this.conversations, ids)),
          upsertConversation: (conversation) => this.upsert(conversation),
          ingestMessages: (messages) => this.ingest(messages, this.final ? 'final' : 'sync'),
        }),
      cursor: {
        ready: () => Promise.resolve(),
        get: () => this.cursor,
        set: (cursor) => (this.cursor = cursor),
        fetchFresh: async () => {
          this.counters.freshStarts++;
          this.cursor = (await this.get<SyncResponse>('/api/sync')).cursor;
        },
      },
      reload: () => this.reload(),
      isCursorRejected: (error) => error instanceof HttpError && error.status === 400,
      pageLimit: this.syncPage,
    });
  }

  /** The conversations as this device would list them. */
  get conversations(): readonly Conversation[] {
    return this.listed;
  }

  /** Every change of the list goes through here: a conversation that leaves it takes its held history along. */
  private relist(next: Conversation[]): void {
    for (const id of departedConversations(this.listed, next)) this.histories.delete(id);
    this.listed = next;
  }

  get connected(): boolean {
    return !!this.socket?.connected;
  }

  /** The history of one conversation as held (empty when none). */
  historyOf(conversationId: string): readonly Message[] {
    return this.histories.get(conversationId) ?? [];
  }

  /** Conversations this device holds a history of (listed or not). */
  heldConversationIds(): string[] {
    return [...this.histories.keys()];
  }

  connect(): void {
    if (this.closed) return;
    const url = this.random.pick(this.servers());
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: CONNECT_TIMEOUT_MS,
      auth: { token: this.token },
    });
    this.socket = socket;
    this.serverUrl = url;
    socket.on(SocketEvent.MessageNew, (m) => this.onLive(m));
    // An edit, deletion or reaction: the same merge (the higher version replaces the held copy).
    socket.on(SocketEvent.MessageUpdated, (m) => this.onLive(m));
    socket.on(SocketEvent.ConversationNew, (c) => this.upsert(c));
    socket.on(SocketEvent.ConversationUpdated, (c) => this.upsert(c));
    socket.on(SocketEvent.ConversationRead, (marker) => this.relist(applyReadMarkerTo(this.conversations, marker, this.userId)));
    // The server's Redis link came back: events from other processes may have been lost meanwhile.
    socket.on(SocketEvent.SyncNeeded, () => void this.catchUp.run('event'));
    socket.on('connect', () => {
      this.counters.connects++;
      void this.catchUp.run('event');
      this.outbox.kick();
    });
    const retry = () => {
      socket.removeAllListeners();
      socket.close();
      if (socket !== this.socket || this.closed) return;
      this.socket = undefined;
      setTimeout(() => this.connect(), this.random.between(100, 1_000));
    };
    socket.on('connect_error', () => (this.counters.connectErrors++, retry()));
    socket.on('disconnect', retry);
  }

  /** Chaos: the network drops this device; it reconnects by itself (to a random process). */
  drop(): void {
    this.counters.drops++;
    this.socket?.disconnect();
  }

  close(): void {
    this.closed = true;
    this.outbox.stop();
    this.catchUp.stop();
    this.socket?.removeAllListeners();
    this.socket?.close();
  }

  /** The device starts like the web client: its conversation list first (later changes come live and by sync). */
  async loadConversations(base: string): Promise<void> {
    this.serverUrl ||= base;
    for (const conversation of await this.listConversations()) this.upsert(conversation);
  }

  /**
   * A message this device shows, to act on as a person would: a live text message of a listed
   * conversation that `fits` (its own for an edit, one it reacted to for taking a reaction back).
   */
  pickMessage(random: Random, fits: (message: Message) => boolean = () => true): Message | undefined {
    const candidates = this.conversations.flatMap((c) => this.historyOf(c.id).filter((m) => m.kind === 'text' && !m.deletedAt && fits(m)));
    return candidates.length ? random.pick(candidates) : undefined;
  }

  /** The server's answer to one of this device's actions: merged like every other copy. */
  applyAnswer(message: Message): void {
    this.ingest([message], 'ack');
  }

  /** A conversation to write into, from this device's own list (as a person would pick one). */
  pickConversation(random: Random): string | undefined {
    return this.conversations.length ? random.pick(this.conversations).id : undefined;
  }

  /**
   * Marks a conversation read up to what this device shows contiguously, over the socket with an ack
   * (`conversation:read`). Error acks are counted, not failures: the device may just have been removed.
   */
  async markRead(random: Random): Promise<void> {
    const socket = this.socket;
    const unread = this.conversations.filter((c) => contiguousEnd(this.historyOf(c.id)) > lastReadSeqOf(c, this.userId));
    if (!socket?.connected || unread.length === 0) return;
    const conversationId = random.pick(unread).id;
    const seq = contiguousEnd(this.historyOf(conversationId));
    this.counters.readMarks++;
    const ack = await new Promise<MarkReadAck | undefined>((resolve) =>
      socket.timeout(ACK_TIMEOUT_MS).emit(SocketEvent.ConversationRead, { conversationId, seq }, (err: Error | null, result: MarkReadAck) => resolve(err ? undefined : result)),
    );
    if (!ack) return;
    if (!ack.ok) {
      this.counters.readErrors[ack.error.code] = (this.counters.readErrors[ack.error.code] ?? 0) + 1;
      return;
    }
    this.counters.readAcks++;
    this.relist(applyReadMarkerTo(this.conversations, { conversationId, userId: this.userId, lastReadSeq: ack.lastReadSeq }, this.userId));
  }

  /** The final catch-up: sync until it succeeds (the cluster is healthy by then), then every listed history filled. */
  async finalSync(): Promise<void> {
    this.final = true;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.catchUp.run('event');
      if (outcome === 'caught-up' || outcome === 'refreshed') break;
      if (attempt >= 10) throw new Error(`${this.name}: the final sync ended ${outcome}`);
      await sleep(500);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await Promise.all(this.conversations.map((c) => this.gaps.fill(c.id)));
        return;
      } catch (error) {
        if (attempt >= 10) throw error;
        await sleep(500);
      }
    }
  }

  private onLive(m: Message): void {
    this.ingest([m], 'live');
    void this.gaps.fillHole(m.conversationId).catch(() => undefined);
  }

  /**
   * A conversation's state from any path. One I am in whose history is behind its lastSeq, or has a
   * hole, gets filled: messages that came before the conversation did (an "added" line ahead of
   * conversation:new) could not start a fill, as there was no conversation to fill yet.
   */
  private upsert(conversation: Conversation): void {
    this.relist(upsertConversation(this.conversations, conversation, this.userId));
    const listed = this.conversations.find((c) => c.id === conversation.id);
    if (!listed) return;
    if (lastSeq(this.historyOf(listed.id)) < listed.lastSeq || this.gaps.holeIn(listed.id)) void this.gaps.fill(listed.id).catch(() => undefined);
  }

  /** Merges messages from any path, counting where each was first seen and any contradiction. */
  private ingest(messages: readonly Message[], source: Source): void {
    for (const m of messages) {
      const held = this.historyOf(m.conversationId);
      const existing = messageAt(held, m.seq);
      if (existing && existing.id !== m.id) {
        this.conflicts.push(`${m.conversationId}#${m.seq}: ${existing.id} vs ${m.id} (${source})`);
        continue;
      }
      if (!existing && !this.firstSource.has(m.id)) this.firstSource.set(m.id, source);
      this.histories.set(m.conversationId, mergeMessages(held, [m]));
      this.relist(applyMessageTo(this.conversations, m, this.userId));
    }
  }

  /** Starting afresh (after the fresh cursor): the conversation list as it is now, then every listed history filled. */
  private async reload(): Promise<void> {
    const all = await this.listConversations();
    const current = new Set(all.map((c) => c.id));
    // Removed before the fresh cursor: no later sync would say so.
    this.relist(removeConversations(this.conversations, this.conversations.map((c) => c.id).filter((id) => !current.has(id))));
    all.forEach((c) => this.upsert(c));
    await Promise.all(all.map((c) => this.gaps.fill(c.id)));
  }

  private async listConversations(): Promise<Conversation[]> {
    const all: Conversation[] = [];
    let next: string | null = null;
    do {
      const query: string = next ? `&cursor=${encodeURIComponent(next)}` : '';
      const page: Page<Conversation> = await this.get<Page<Conversation>>(`/api/conversations?limit=${Limits.conversationsPageMax}${query}`);
      all.push(...page.items);
      next = page.nextCursor;
    } while (next);
    return all;
  }

  private isListed(conversationId: string): boolean {
    return this.conversations.some((c) => c.id === conversationId);
  }

  private async get<T>(path: string): Promise<T> {
    try {
      const res = await fetch(`${this.serverUrl}${path}`, {
        headers: { authorization: `Bearer ${this.token}` },
        signal: AbortSignal.timeout(5_000),
      });
      if (res.status !== 200) throw new HttpError(res.status, `GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    } catch (error) {
      this.counters.httpErrors++;
      throw error;
    }
  }
}
