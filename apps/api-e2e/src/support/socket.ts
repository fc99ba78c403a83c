import { io, type Socket } from 'socket.io-client';
import {
  SocketEvent,
  type MarkReadAck,
  type MarkReadPayload,
  type SendMessageAck,
  type SendMessagePayload,
  type ServerToClientEvents,
  type ClientToServerEvents,
} from '@parley/contract';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

const defaultTimeoutMs = 10_000;

/**
 * Every server event a socket received, buffered from before the handshake completes, so a test
 * never misses an event that arrived before it started waiting.
 */
class EventInbox {
  private readonly queues = new Map<string, unknown[]>();
  private readonly waiters = new Map<string, Array<(value: unknown) => void>>();
  /** Everything ever received, in order, consumed or not. */
  readonly all: Array<{ event: string; payload: unknown }> = [];

  push(event: string, payload: unknown): void {
    this.all.push({ event, payload });
    const waiter = this.waiters.get(event)?.shift();
    if (waiter) waiter(payload);
    else this.queues.set(event, [...(this.queues.get(event) ?? []), payload]);
  }

  next(event: string, timeoutMs: number): Promise<unknown> {
    const queued = this.queues.get(event);
    if (queued?.length) return Promise.resolve(queued.shift());
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(event) ?? [];
      this.waiters.set(event, list);
      const timer = setTimeout(() => {
        list.splice(list.indexOf(waiter), 1);
        reject(new Error(`no "${event}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (value: unknown) => {
        clearTimeout(timer);
        resolve(value);
      };
      list.push(waiter);
    });
  }
}

const inboxes = new WeakMap<ClientSocket, EventInbox>();
const openSockets = new Set<ClientSocket>();

function inboxOf(socket: ClientSocket): EventInbox {
  const inbox = inboxes.get(socket);
  if (!inbox) throw new Error('socket was not created by connectSocket/createSocket');
  return inbox;
}

export interface SocketOptions {
  /** Default websocket only: it must work without sticky sessions, and polling first would hide that. */
  transports?: Array<'websocket' | 'polling'>;
}

/** An unconnected socket with its inbox attached. `auth` undefined = no auth payload at all. */
export function createSocket(url: string, auth?: unknown, options: SocketOptions = {}): ClientSocket {
  const socket: ClientSocket = io(url, {
    path: '/socket.io',
    transports: options.transports ?? ['websocket'],
    autoConnect: false,
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
    ...(auth === undefined ? {} : { auth: auth as Record<string, unknown> }),
  });
  const inbox = new EventInbox();
  inboxes.set(socket, inbox);
  socket.onAny((event: string, payload: unknown) => inbox.push(event, payload));
  socket.on('disconnect', (reason) => inbox.push('disconnect', reason));
  openSockets.add(socket);
  return socket;
}

/** Connects with `auth: {token}` and resolves once connected; rejects with the `connect_error`. */
export function connectSocket(url: string, token: string, options: SocketOptions = {}): Promise<ClientSocket> {
  const socket = createSocket(url, { token }, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
    socket.connect();
  });
}

/** Tries to connect with the given handshake auth and resolves with the `connect_error` (rejects if it connects). */
export function expectConnectError(url: string, auth?: unknown): Promise<Error> {
  const socket = createSocket(url, auth);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('connected although the handshake should have been refused'));
    });
    socket.once('connect_error', (err) => {
      socket.close();
      resolve(err);
    });
    socket.connect();
  });
}

/** The next `event` this socket received (buffered ones first), or rejects after the timeout. */
export function nextEvent<E extends EventName>(socket: ClientSocket, event: E, timeoutMs = defaultTimeoutMs): Promise<Payload<E>> {
  return inboxOf(socket).next(event, timeoutMs) as Promise<Payload<E>>;
}

/** Consumes events of that name until one matches. */
export async function waitForEvent<E extends EventName>(
  socket: ClientSocket,
  event: E,
  match: (payload: Payload<E>) => boolean,
  timeoutMs = defaultTimeoutMs,
): Promise<Payload<E>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const payload = await nextEvent(socket, event, Math.max(1, deadline - Date.now()));
    if (match(payload)) return payload;
  }
}

/** Every payload of that name the socket has received so far, consumed or not. */
export function receivedEvents<E extends EventName>(socket: ClientSocket, event: E): Array<Payload<E>> {
  return inboxOf(socket)
    .all.filter((e) => e.event === event)
    .map((e) => e.payload as Payload<E>);
}

/** Resolves with the (next unconsumed) disconnect reason. */
export function nextDisconnect(socket: ClientSocket, timeoutMs = defaultTimeoutMs): Promise<string> {
  return inboxOf(socket).next('disconnect', timeoutMs) as Promise<string>;
}

/** `message:send` with an acknowledgement; rejects if none arrives in time. */
export function sendMessage(socket: ClientSocket, payload: SendMessagePayload, timeoutMs = defaultTimeoutMs): Promise<SendMessageAck> {
  return socket.timeout(timeoutMs).emitWithAck(SocketEvent.MessageSend, payload);
}

/** `conversation:read` (move my read marker) with an acknowledgement; rejects if none arrives in time. */
export function sendReadMarker(socket: ClientSocket, payload: MarkReadPayload, timeoutMs = defaultTimeoutMs): Promise<MarkReadAck> {
  return socket.timeout(timeoutMs).emitWithAck(SocketEvent.ConversationRead, payload);
}

/** Emits anything (wrong shapes, extra arguments, unknown events) bypassing the typed map; with an ack when `withAck`. */
export function emitRaw(socket: ClientSocket, event: string, args: unknown[], withAck: boolean, timeoutMs = defaultTimeoutMs): Promise<unknown> {
  const untyped = socket as unknown as Socket;
  if (!withAck) {
    untyped.emit(event, ...args);
    return Promise.resolve(undefined);
  }
  return untyped.timeout(timeoutMs).emitWithAck(event, ...args);
}

/** Closes every socket created through this module (call from afterEach/afterAll). */
export function closeAllSockets(): void {
  for (const s of openSockets) s.close();
  openSockets.clear();
}

/**
 * Waits until the server closes `socket` saying why (`connection:closing`, then the disconnect);
 * resolves with how long that took from the call.
 */
export async function expectClosedBy(socket: ClientSocket, reason: string, timeoutMs = 2_000): Promise<number> {
  const started = Date.now();
  const notice = await nextEvent(socket, SocketEvent.ConnectionClosing, timeoutMs);
  if (notice.reason !== reason) throw new Error(`closed for ${notice.reason} (${notice.message}), expected ${reason}`);
  const disconnect = await nextDisconnect(socket, Math.max(1, timeoutMs - (Date.now() - started)));
  if (disconnect !== 'io server disconnect') throw new Error(`disconnected by "${disconnect}", expected the server to close it`);
  return Date.now() - started;
}

let rawAckId = 900_000;

/**
 * Sends an event whose arguments are given as JSON text, straight onto the Engine.IO connection,
 * and resolves with the decoded acknowledgement. For payloads socket.io-client itself cannot
 * encode (its encoder recurses and overflows on deep nesting), as a hostile client would send them.
 */
export function emitRawPacket(socket: ClientSocket, event: string, argsJson: string, timeoutMs = defaultTimeoutMs): Promise<unknown> {
  const engine = (socket as unknown as Socket).io.engine as unknown as {
    write(data: string): void;
    on(event: 'packet', listener: (packet: { type: string; data?: unknown }) => void): void;
    off(event: 'packet', listener: (packet: { type: string; data?: unknown }) => void): void;
  };
  const id = ++rawAckId;
  return new Promise((resolve, reject) => {
    const onPacket = (packet: { type: string; data?: unknown }) => {
      if (packet.type !== 'message' || typeof packet.data !== 'string' || !packet.data.startsWith(`3${id}[`)) return;
      clearTimeout(timer);
      engine.off('packet', onPacket);
      resolve((JSON.parse(packet.data.slice(`3${id}`.length)) as unknown[])[0]);
    };
    const timer = setTimeout(() => {
      engine.off('packet', onPacket);
      reject(new Error(`no ack for raw ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    engine.on('packet', onPacket);
    engine.write(`2${id}[${JSON.stringify(event)},${argsJson}]`);
  });
}
