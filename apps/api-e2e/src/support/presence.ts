import { PresenceStatus, SocketEvent, type Presence, type PresenceSubscribeAck, type TypingEvent, type User, type Conversation } from '@parley/contract';
import { receivedEvents, waitForEvent, type ClientSocket } from './socket';

/** `presence:subscribe` with an acknowledgement; rejects if none arrives in time. */
export function subscribePresence(socket: ClientSocket, userIds: string[], timeoutMs = 10_000): Promise<PresenceSubscribeAck> {
  return socket.timeout(timeoutMs).emitWithAck(SocketEvent.PresenceSubscribe, { userIds });
}

/** Subscribes and fails unless the server accepted: the presence it answered with, by user id. */
export async function followPresence(socket: ClientSocket, userIds: string[]): Promise<Map<string, Presence>> {
  const ack = await subscribePresence(socket, userIds);
  if (!ack.ok) throw new Error(`presence:subscribe refused: ${JSON.stringify(ack)}`);
  return new Map(ack.presence.map((p) => [p.userId, p]));
}

/** The next `presence` push about `userId` that matches (consumes the others about anyone). */
export function nextPresence(socket: ClientSocket, userId: string, match: (p: Presence) => boolean = () => true, timeoutMs = 10_000): Promise<Presence> {
  return waitForEvent(socket, SocketEvent.Presence, (p) => p.userId === userId && match(p), timeoutMs);
}

/** Every `presence` push about `userId` this socket received so far. */
export function presencePushes(socket: ClientSocket, userId: string): Presence[] {
  return receivedEvents(socket, SocketEvent.Presence).filter((p) => p.userId === userId);
}

export function reportStatus(socket: ClientSocket, status: PresenceStatus): void {
  socket.emit(SocketEvent.PresenceStatus, { status });
}

export function sendTyping(socket: ClientSocket, conversationId: string, typing: boolean): void {
  socket.emit(SocketEvent.Typing, { conversationId, typing });
}

/** Every `typing` event this socket received so far about that conversation. */
export function typingEvents(socket: ClientSocket, conversationId: string): TypingEvent[] {
  return receivedEvents(socket, SocketEvent.Typing).filter((t) => t.conversationId === conversationId);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves with the ms it took `work` to settle. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

/** A user as responses show them while they have a connected, active tab. */
export function asOnline(user: User): User {
  return { ...user, online: true, lastSeenAt: null, status: PresenceStatus.Active };
}

/** A conversation with its members' presence left out: for comparing what is stored across a restart (sockets do not survive it). */
export function withoutPresence(conversation: Conversation): Conversation {
  return { ...conversation, members: conversation.members.map(({ id, username, displayName, createdAt }) => ({ id, username, displayName, createdAt }) as User) };
}
