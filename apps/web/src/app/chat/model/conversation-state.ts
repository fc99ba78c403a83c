import { Conversation, Message, ReadMarker, ReadState } from '@parley/contract';

export const isMember = (conversation: Conversation, userId: string): boolean => conversation.members.some((m) => m.id === userId);

/** The caller's unread count follows from the newest seq and their marker: lastSeq - myLastReadSeq. */
function withUnread(conversation: Conversation, me: string): Conversation {
  const mine = conversation.readState.find((r) => r.userId === me)?.lastReadSeq ?? 0;
  return { ...conversation, unreadCount: Math.max(0, conversation.lastSeq - mine) };
}

/** Every member's marker, the higher of the two copies; only current members are kept. */
function mergeReadState(held: readonly ReadState[], incoming: readonly ReadState[], memberIds: ReadonlySet<string>): ReadState[] {
  const byUser = new Map<string, number>();
  for (const r of [...held, ...incoming]) byUser.set(r.userId, Math.max(byUser.get(r.userId) ?? 0, r.lastReadSeq));
  return [...byUser].filter(([userId]) => memberIds.has(userId)).map(([userId, lastReadSeq]) => ({ userId, lastReadSeq }));
}

/**
 * The incoming copy of a conversation (members, title), except that neither its preview nor any read
 * marker goes back to an older state than the one held: a late answer cannot undo a live event.
 */
export function mergeConversation(held: Conversation | undefined, incoming: Conversation, me: string | undefined): Conversation {
  if (!held) return incoming;
  const newer = incoming.lastSeq >= held.lastSeq;
  const preview = newer ? incoming : held;
  const merged: Conversation = {
    ...incoming,
    lastMessage: preview.lastMessage,
    lastSeq: preview.lastSeq,
    updatedAt: incoming.updatedAt > held.updatedAt ? incoming.updatedAt : held.updatedAt,
    readState: mergeReadState(held.readState, incoming.readState, new Set(incoming.members.map((m) => m.id))),
  };
  return me ? withUnread(merged, me) : merged;
}

/** A moved marker, forward only; mine also recomputes my unread count. */
export function applyReadMarker(conversation: Conversation, marker: ReadMarker, me: string): Conversation {
  const current = conversation.readState.find((r) => r.userId === marker.userId);
  if (current && current.lastReadSeq >= marker.lastReadSeq) return conversation;
  if (!current && !isMember(conversation, marker.userId)) return conversation;
  const { lastReadSeq } = marker;
  const readState = current
    ? conversation.readState.map((r) => (r.userId === marker.userId ? { ...r, lastReadSeq } : r))
    : [...conversation.readState, { userId: marker.userId, lastReadSeq }];
  return withUnread({ ...conversation, readState }, me);
}

/**
 * A new message: the preview and activity time move to it, and its sender has read up to it (sending
 * moves your marker; the server sends no separate event). Older or repeated messages change nothing.
 */
export function applyMessage(conversation: Conversation, message: Message, me: string): Conversation {
  let next = conversation;
  if (message.seq > conversation.lastSeq || !conversation.lastMessage) {
    const lastSeq = Math.max(conversation.lastSeq, message.seq);
    next = withUnread({ ...conversation, lastMessage: message, lastSeq, updatedAt: message.createdAt }, me);
  }
  return applyReadMarker(next, { conversationId: conversation.id, userId: message.senderId, lastReadSeq: message.seq }, me);
}
