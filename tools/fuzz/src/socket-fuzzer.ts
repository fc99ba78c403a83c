import { SocketEvent } from '@parley/contract';
import { io, type Socket } from 'socket.io-client';
import { deepJson, mutate, randomValue, type KnownIds } from './payloads';
import type { Random } from './random';

export interface SocketTarget {
  url: string;
  tokens: string[];
  ids: KnownIds;
  validPayload(event: string): Record<string, unknown>;
}

/** Every event name a client may send, some it may not (server-to-client ones), and made-up ones. */
const EVENTS = [...Object.values(SocketEvent), 'no:such:event', '', 'connect', 'disconnect', 'error', '__proto__', 'x'.repeat(300)];

type Engine = { write(data: string): void };

/** Opens a socket with a random (often valid) handshake; resolves null when the handshake is refused. */
export function openSocket(r: Random, target: SocketTarget): Promise<Socket | null> {
  const auth = r.int(0, 5);
  const payload =
    auth <= 3 ? { token: r.pick(target.tokens) } : auth === 4 ? (randomValue(r, target.ids) as Record<string, unknown>) : { token: 'a.b.c' };
  return connectSocket(target.url, payload && typeof payload === 'object' && !Array.isArray(payload) ? payload : { token: payload });
}

/** One handshake: the connected socket, or null once it is refused, dropped or unanswered. */
export function connectSocket(url: string, auth: Record<string, unknown>): Promise<Socket | null> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 5_000, auth });
  return new Promise((done) => {
    const refused = () => {
      clearTimeout(deadline);
      socket.close();
      done(null);
    };
    // A refused handshake is `connect_error`; one the server drops unread (a CONNECT packet over its buffer size)
    // only closes the transport: the client then sees `disconnect` and never `connect_error`.
    const deadline = setTimeout(refused, 15_000);
    socket.once('connect', () => {
      clearTimeout(deadline);
      done(socket);
    });
    socket.once('connect_error', refused);
    socket.io.once('close', refused);
  });
}

/**
 * One random event on a connected socket: a known or unknown name, a mutated, random or deeply
 * nested payload (deep ones as raw packets: socket.io-client's own encoder cannot), extra
 * arguments, with or without an acknowledgement; now and then a malformed raw packet.
 */
export async function fuzzEvent(r: Random, socket: Socket, target: SocketTarget): Promise<string> {
  const event = r.pick(EVENTS);
  const kind = r.int(0, 9);
  const engine = socket.io.engine as unknown as Engine;
  if (kind === 0) {
    engine.write(`2${r.int(0, 9)}[${JSON.stringify(event)},${deepJson(r)}]`);
    return `${event} deep (raw)`;
  }
  if (kind === 1) {
    engine.write(r.pick(['2', '2[', '2["message:send"', '21[', '3', '9', '2abc["x"]', '2/nope,["x"]', '5', '1', '0', '2{}', `2${'9'.repeat(30)}["auth:renew",{}]`, '51-["message:send",{"_placeholder":true,"num":0}]']));
    return 'malformed raw packet';
  }
  const args: unknown[] = [];
  const valid = target.validPayload(event);
  args.push(kind <= 5 ? mutate(r, target.ids, valid) : kind <= 7 ? randomValue(r, target.ids) : valid);
  if (r.chance(0.1)) args.push(randomValue(r, target.ids));
  if (r.chance(0.05)) args.push(Buffer.from([1, 2, 3]));
  const untyped = socket as unknown as { timeout(ms: number): { emitWithAck(e: string, ...a: unknown[]): Promise<unknown> }; emit(e: string, ...a: unknown[]): void };
  // Only the client events answer; waiting on any other would only measure the timeout.
  const answers = event === SocketEvent.MessageSend || event === SocketEvent.ConversationRead || event === SocketEvent.AuthRenew;
  try {
    if (r.chance(0.7)) await untyped.timeout(answers ? 5_000 : 200).emitWithAck(event, ...args);
    else untyped.emit(event, ...args);
  } catch {
    // no ack for unknown events, or the socket was dropped (e.g. a payload over 64 KiB): both fine
  }
  return event;
}
