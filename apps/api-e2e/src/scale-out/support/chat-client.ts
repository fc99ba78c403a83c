import { SocketEvent, type Message, type MessagePage, type SendMessageAck } from '@parley/contract';
import { catchUpAfter, HistoryGapFiller, mergeMessages } from '@parley/protocol';
import { newClientMessageId, type TestUser } from '../../support/factories';
import { ApiClient } from '../../support/http';
import type { TestServer } from '../../support/server';
import { connectSocket, type ClientSocket } from '../../support/socket';

const ACK_TIMEOUT_MS = 20_000;

/**
 * One tab of one user in one conversation, behaving as the web client does, with the web client's
 * protocol code (@parley/protocol: merge by seq and version, the history gap filler): a websocket to
 * one API process; when that process goes away, connect to another one, catch up through
 * `GET /messages?after=<last contiguous seq>`, and resend whatever was not acknowledged with the same
 * clientMessageId (the server stores a repeat once). It records what it was acked and what it saw.
 */
export class ChatClient {
  socket: ClientSocket | undefined;
  server: TestServer | undefined;
  /** Messages the server acknowledged to this tab, by clientMessageId. */
  readonly acked = new Map<string, Message>();
  /** Every message of the conversation this tab has, live or caught up: one per seq, ascending. */
  messages: Message[] = [];
  /** How many times it had to move to another process. */
  failovers = 0;
  /** Failures of the automatic moves (asserted empty by the tests). */
  readonly errors: unknown[] = [];
  private failingOver: Promise<void> | undefined;
  private closed = false;
  private readonly gaps = new HistoryGapFiller({
    fetchAfter: (conversationId, after, limit) => this.fetchAfter(conversationId, after, limit),
    // The tab keeps the whole history, from seq 1.
    read: () => ({ messages: this.messages, reachesStart: true }),
    apply: (_conversationId, items) => this.merge(items),
  });

  constructor(
    readonly user: TestUser,
    readonly conversationId: string,
    private readonly servers: TestServer[],
  ) {}

  async connect(server: TestServer): Promise<void> {
    const socket = await connectSocket(server.url, this.user.accessToken);
    socket.on(SocketEvent.MessageNew, (m) => {
      if (m.conversationId === this.conversationId) this.merge([m]);
    });
    // Like the web client: a dropped connection is followed by a move to another process.
    socket.on('disconnect', () => {
      if (socket === this.socket && !this.closed) this.failOver().catch((error: unknown) => this.errors.push(error));
    });
    this.socket = socket;
    this.server = server;
  }

  /** By seq, for lookups. */
  get seen(): ReadonlyMap<number, Message> {
    return new Map(this.messages.map((m) => [m.seq, m]));
  }

  /** The highest seq up to which this tab has every message (0 when seq 1 is missing). */
  contiguousSeq(): number {
    return catchUpAfter(this.messages, true);
  }

  /** Fetches everything after the last contiguous seq from the process it is connected to. */
  catchUp(): Promise<void> {
    if (!this.server) return Promise.reject(new Error('not connected'));
    return this.gaps.fill(this.conversationId);
  }

  /** Moves to a live process other than the one it lost, then catches up; concurrent callers share one move. */
  failOver(): Promise<void> {
    this.failingOver ??= this.moveToAnotherProcess().finally(() => (this.failingOver = undefined));
    return this.failingOver;
  }

  private async moveToAnotherProcess(): Promise<void> {
    const lost = this.server;
    this.socket?.close();
    this.socket = undefined;
    const candidates = this.servers.filter((s) => s !== lost && s.isRunning());
    let lastError: unknown = new Error('no API process left running');
    for (const server of candidates) {
      try {
        await this.connect(server);
        this.failovers++;
        await this.catchUp();
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  /** Sends until acknowledged, moving to another process if the connection drops first. */
  async send(body: string, clientMessageId = newClientMessageId()): Promise<Message> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      if (!this.socket?.connected) await this.failOver();
      const ack = await this.emitOnce({ conversationId: this.conversationId, body, clientMessageId });
      if (ack === 'dropped') continue;
      if (!ack.ok) throw new Error(`message:send refused: ${JSON.stringify(ack)}`);
      this.acked.set(clientMessageId, ack.message);
      this.merge([ack.message]);
      return ack.message;
    }
    throw new Error(`message ${clientMessageId} was never acknowledged after 5 attempts`);
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private merge(items: readonly Message[]): void {
    this.messages = mergeMessages(this.messages, items);
  }

  private async fetchAfter(conversationId: string, after: number, limit: number): Promise<MessagePage> {
    if (!this.server) throw new Error('not connected');
    const res = await new ApiClient(this.server).api<MessagePage>(`/api/conversations/${conversationId}/messages?after=${after}&limit=${limit}`, {
      token: this.user.accessToken,
    });
    if (res.status !== 200) throw new Error(`catch-up after ${after}: ${res.status} ${res.text}`);
    return res.body;
  }

  /** The acknowledgement, or 'dropped' when the connection closed (or stayed silent) before it came. */
  private emitOnce(payload: { conversationId: string; body: string; clientMessageId: string }): Promise<SendMessageAck | 'dropped'> {
    const socket = this.socket!;
    return new Promise((resolve) => {
      const onDisconnect = () => resolve('dropped');
      socket.once('disconnect', onDisconnect);
      socket.timeout(ACK_TIMEOUT_MS).emit(SocketEvent.MessageSend, payload, (err: Error | null, ack: SendMessageAck) => {
        socket.off('disconnect', onDisconnect);
        resolve(err ? 'dropped' : ack);
      });
    });
  }
}
