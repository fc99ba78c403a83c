import { SystemEventType, type Conversation, type Message, type ReadMarker, type ReadState } from '@parley/contract';

export const isMember = (conversation: Conversation, userId: string): boolean => conversation.members.some((m) => m.id === userId);

/** My read marker in a conversation, 0 when it has none. */
export const lastReadSeqOf = (conversation: Conversation, userId: string): number =>
  (conversation.readState ?? []).find((r) => r.userId === userId)?.lastReadSeq ?? 0;

/** The caller's unread count follows from the newest seq and their marker: lastSeq - myLastReadSeq. */
function withUnread(conversation: Conversation, me: string): Conversation {
  const unreadCount = Math.max(0, conversation.lastSeq - lastReadSeqOf(conversation, me));
  return unreadCount === conversation.unreadCount ? conversation : { ...conversation, unreadCount };
}

/** Every member's marker, the higher of the two copies; only current members are kept. */
function mergeReadState(held: readonly ReadState[], incoming: readonly ReadState[], memberIds: ReadonlySet<string>): ReadState[] {
  const byUser = new Map<string, number>();
  for (const r of [...held, ...incoming]) byUser.set(r.userId, Math.max(byUser.get(r.userId) ?? 0, r.lastReadSeq));
  return [...byUser].filter(([userId]) => memberIds.has(userId)).map(([userId, lastReadSeq]) => ({ userId, lastReadSeq }));
}

/**
 * Upserts a copy of a conversation into the one held. Every change of members or title writes a
 * system message, so a copy with a lower `lastSeq` predates something the held one has seen: it keeps
 * the held members, title and preview (a late answer cannot undo a live event), and the next sync,
 * which includes every conversation changed after the cursor, brings the current state. Read markers
 * only move forward, whichever copy they come from.
 */
export function mergeConversation(held: Conversation | undefined, incoming: Conversation, me: string | undefined): Conversation {
  const merged = held ? combine(held, incoming) : { ...incoming, readState: incoming.readState ?? [] };
  return me ? withUnread(merged, me) : merged;
}

function combine(held: Conversation, incoming: Conversation): Conversation {
  const base = incoming.lastSeq >= held.lastSeq ? incoming : { ...incoming, members: held.members, title: held.title, lastMessage: held.lastMessage, lastSeq: held.lastSeq };
  return {
    ...base,
    updatedAt: incoming.updatedAt > held.updatedAt ? incoming.updatedAt : held.updatedAt,
    readState: mergeReadState(held.readState ?? [], incoming.readState ?? [], new Set(base.members.map((m) => m.id))),
  };
}

/** A moved marker, forward only, for current members; mine also recomputes my unread count. */
export function applyReadMarker(conversation: Conversation, marker: ReadMarker, me: string): Conversation {
  if (marker.conversationId !== conversation.id || !isMember(conversation, marker.userId)) return conversation;
  const readState = conversation.readState ?? [];
  const current = readState.find((r) => r.userId === marker.userId);
  if (current && current.lastReadSeq >= marker.lastReadSeq) return conversation;
  const { lastReadSeq } = marker;
  const next = current
    ? readState.map((r) => (r.userId === marker.userId ? { ...r, lastReadSeq } : r))
    : [...readState, { userId: marker.userId, lastReadSeq }];
  return withUnread({ ...conversation, readState: next }, me);
}

/**
 * A new message: the preview and activity time move to it, my unread count grows unless it is mine,
 * and its sender has read up to it (sending moves your marker; the server sends no separate event).
 * A system line newer than the copy held also applies what it can say by itself (a new title, who is
 * gone), so a copy that comes later but predates it cannot hide it. Older or repeated messages change
 * nothing but the sender's marker.
 */
export function applyMessage(conversation: Conversation, message: Message, me: string): Conversation {
  if (message.conversationId !== conversation.id) return conversation;
  let next = conversation;
  if (message.seq > conversation.lastSeq) {
    next = applySystemEvent({ ...conversation, lastMessage: message, lastSeq: message.seq, updatedAt: message.createdAt }, message);
    next = withUnread(next, me);
  } else if (message.seq === conversation.lastSeq && newerPreview(conversation.lastMessage, message)) {
    // The newest message itself, for a copy that came without it (or with an older version of it).
    next = { ...conversation, lastMessage: message };
  }
  return applyReadMarker(next, { conversationId: conversation.id, userId: message.senderId, lastReadSeq: message.seq }, me);
}

const newerPreview = (held: Message | null, message: Message): boolean => !held || held.seq !== message.seq || message.version > held.version;

function applySystemEvent(conversation: Conversation, message: Message): Conversation {
  const event = message.kind === 'system' ? message.system : undefined;
  if (!event) return conversation;
  if (event.type === SystemEventType.Renamed && event.title !== undefined) return { ...conversation, title: event.title };
  if (event.type === SystemEventType.MemberRemoved || event.type === SystemEventType.MemberLeft) {
    const gone = new Set(event.userIds ?? []);
    return {
      ...conversation,
      members: conversation.members.filter((m) => !gone.has(m.id)),
      readState: (conversation.readState ?? []).filter((r) => !gone.has(r.userId)),
    };
  }
  return conversation;
}
