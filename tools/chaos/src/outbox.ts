import { ErrorCode, SocketEvent, type ClientToServerEvents, type Message, type SendMessageAck, type ServerToClientEvents } from '@parley/contract';
import type { Socket } from 'socket.io-client';
import { sleep } from './random';

/** One message a device wants to send, and what became of it. */
export interface OutboxEntry {
  device: string;
  conversationId: string;
  clientMessageId: string;
  body: string;
  /** Position in this device's send order. */
  order: number;
  attempts: number;
  /** Set once acknowledged: the stored message the server answered with. */
  acked?: Message;
  /** Set when the server refused it for good (a permanent error code). */
  rejected?: string;
  /** A reply: the message it answers (which may be deleted before the send lands: MESSAGE_DELETED). */
  replyToId?: string;
}

export interface OutboxCounters {
  attempts: number;
  ackTimeouts: number;
  errorAcks: Record<string, number>;
  disconnectsInFlight: number;
}

const ACK_TIMEOUT_MS = 4_000;
const permanentErrors: readonly string[] = [ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.ClientMessageIdReused, ErrorCode.MessageDeleted];

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The client-side outbox: FIFO, one send in flight (so a device's messages are stored in the order
 * it wrote them), retried with the SAME clientMessageId with exponential backoff after an ack
 * timeout, an error ack or a dropped connection, until the server acknowledges it.
 */
export class Outbox {
  readonly entries: OutboxEntry[] = [];
  readonly counters: OutboxCounters = { attempts: 0, ackTimeouts: 0, errorAcks: {}, disconnectsInFlight: 0 };
  private readonly queue: OutboxEntry[] = [];
  private pumping = false;
  private stopped = false;

  constructor(
    private readonly device: string,
    private readonly socket: () => ClientSocket | undefined,
    private readonly onAcked: (message: Message) => void,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  enqueue(conversationId: string, body: string, replyToId?: string): void {
    const order = this.entries.length + 1;
    const entry: OutboxEntry = { device: this.device, conversationId, clientMessageId: `${this.device}-${order}`, body, order, attempts: 0, ...(replyToId ? { replyToId } : {}) };
    this.entries.push(entry);
    this.queue.push(entry);
    this.kick();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Sends what is queued while connected; called on enqueue and on every (re)connect. */
  kick(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    void this.pump().finally(() => (this.pumping = false));
  }

  private async pump(): Promise<void> {
    while (!this.stopped && this.queue.length) {
      const socket = this.socket();
      if (!socket) return; // the next connect kicks again
      const entry = this.queue[0];
      entry.attempts++;
      this.counters.attempts++;
      const ack = await this.sendOnce(socket, entry);
      if (ack !== 'timeout' && ack !== 'disconnected' && ack.ok) {
        entry.acked = ack.message;
        this.queue.shift();
        this.onAcked(ack.message);
      } else if (ack !== 'timeout' && ack !== 'disconnected' && permanentErrors.includes(ack.error.code)) {
        entry.rejected = `${ack.error.code}: ${ack.error.message}`;
        this.queue.shift();
      } else {
        await sleep(Math.min(3_000, 100 * 2 ** Math.min(entry.attempts, 5)) * (0.5 + Math.random()));
      }
    }
  }

  private sendOnce(socket: ClientSocket, entry: OutboxEntry): Promise<SendMessageAck | 'timeout' | 'disconnected'> {
    return new Promise((resolve) => {
      const onDisconnect = () => {
        this.counters.disconnectsInFlight++;
        resolve('disconnected');
      };
      socket.once('disconnect', onDisconnect);
      const payload = { conversationId: entry.conversationId, body: entry.body, clientMessageId: entry.clientMessageId, ...(entry.replyToId ? { replyToId: entry.replyToId } : {}) };
      socket.timeout(ACK_TIMEOUT_MS).emit(SocketEvent.MessageSend, payload, (err: Error | null, ack: SendMessageAck) => {
        socket.off('disconnect', onDisconnect);
        if (err) {
          if (socket.connected) this.counters.ackTimeouts++;
          return resolve('timeout');
        }
        if (!ack.ok) this.counters.errorAcks[ack.error.code] = (this.counters.errorAcks[ack.error.code] ?? 0) + 1;
        resolve(ack);
      });
    });
  }
}
