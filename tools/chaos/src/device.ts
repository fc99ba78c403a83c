import {
  Limits,
  SocketEvent,
  type ClientToServerEvents,
  type Message,
  type MessagePage,
  type ServerToClientEvents,
  type SyncResponse,
} from '@parley/contract';
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
  gapFetches: number;
  httpErrors: number;
}

const CONNECT_TIMEOUT_MS = 3_000;

/**
 * One device of one user, following the client protocol: a socket to some API process; on every
 * (re)connect, catch up with /api/sync from its last cursor; live `message:new` merged by seq; a seq
 * gap seen live fetches the missing range from history; sends go through an outbox (see Outbox).
 */
export class Device {
  /** Per conversation: seq -> message, as this device would show it. */
  readonly history = new Map<string, Map<number, Message>>();
  readonly firstSource = new Map<string, Source>();
  /** Two different messages offered for one seq of one conversation: the server contradicted itself. */
  readonly conflicts: string[] = [];
  readonly counters: DeviceCounters = { connects: 0, connectErrors: 0, drops: 0, syncRequests: 0, gapFetches: 0, httpErrors: 0 };
  readonly outbox: Outbox;
  private readonly contiguous = new Map<string, number>();
  private readonly gapFetching = new Set<string>();
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
  private serverUrl = '';
  private syncing: Promise<void> | undefined;
  private syncAgain = false;
  private closed = false;
  private final = false;

  constructor(
    readonly name: string,
    readonly userId: string,
    private readonly token: string,
    private cursor: string,
    private readonly servers: () => string[],
    private readonly random: Random,
  ) {
    this.outbox = new Outbox(name, () => (this.socket?.connected ? this.socket : undefined), (m) => this.merge(m, 'ack'));
  }

  get connected(): boolean {
    return !!this.socket?.connected;
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
    // The server's Redis link came back: events from other processes may have been lost meanwhile.
    socket.on(SocketEvent.SyncNeeded, () => void this.catchUpWhileConnected(socket));
    socket.on('connect', () => {
      this.counters.connects++;
      void this.catchUpWhileConnected(socket);
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
    this.socket?.removeAllListeners();
    this.socket?.close();
  }

  /** Catch up everything stored after the cursor (hasMore loop). Concurrent calls coalesce into one more round. */
  sync(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.syncAgain = false;
        for (let more = true; more; ) {
          this.counters.syncRequests++;
          const page = await this.get<SyncResponse>(`/api/sync?since=${this.cursor}&limit=${Limits.syncPageMax}`);
          for (const m of page.messages) this.merge(m, this.final ? 'final' : 'sync');
          this.cursor = page.cursor;
          more = page.hasMore;
        }
      } while (this.syncAgain);
    })().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  /** A failed catch-up is retried while this connection lasts; a new connection starts its own. */
  private async catchUpWhileConnected(socket: Socket): Promise<void> {
    while (socket === this.socket && socket.connected) {
      try {
        return await this.sync();
      } catch {
        await sleep(1_000);
      }
    }
  }

  /** The final sync: retried until it succeeds (the cluster is healthy by then). */
  async finalSync(): Promise<void> {
    this.final = true;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sync();
      } catch (error) {
        if (attempt >= 10) throw error;
        await sleep(500);
      }
    }
  }

  private onLive(m: Message): void {
    this.merge(m, 'live');
    if (m.seq > (this.contiguous.get(m.conversationId) ?? 0) + 1) void this.fetchGap(m.conversationId).catch(() => undefined);
  }

  /** History `after=<last contiguous seq>` until the hole is filled. */
  private async fetchGap(conversationId: string): Promise<void> {
    if (this.gapFetching.has(conversationId)) return;
    this.gapFetching.add(conversationId);
    try {
      for (;;) {
        const after = this.contiguous.get(conversationId) ?? 0;
        const known = this.history.get(conversationId)!;
        if (Math.max(...known.keys()) <= after) return;
        this.counters.gapFetches++;
        const page = await this.get<MessagePage>(`/api/conversations/${conversationId}/messages?after=${after}&limit=${Limits.messagesPageMax}`);
        for (const m of page.items) this.merge(m, 'gap');
        if (!page.items.length) return;
      }
    } finally {
      this.gapFetching.delete(conversationId);
    }
  }

  private merge(m: Message, source: Source): void {
    let seqs = this.history.get(m.conversationId);
    if (!seqs) this.history.set(m.conversationId, (seqs = new Map()));
    const existing = seqs.get(m.seq);
    if (existing) {
      if (existing.id !== m.id) this.conflicts.push(`${m.conversationId}#${m.seq}: ${existing.id} vs ${m.id} (${source})`);
      return;
    }
    seqs.set(m.seq, m);
    if (!this.firstSource.has(m.id)) this.firstSource.set(m.id, source);
    let c = this.contiguous.get(m.conversationId) ?? 0;
    while (seqs.has(c + 1)) c++;
    this.contiguous.set(m.conversationId, c);
  }

  private async get<T>(path: string): Promise<T> {
    try {
      const res = await fetch(`${this.serverUrl}${path}`, {
        headers: { authorization: `Bearer ${this.token}` },
        signal: AbortSignal.timeout(5_000),
      });
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    } catch (error) {
      this.counters.httpErrors++;
      throw error;
    }
  }
}
