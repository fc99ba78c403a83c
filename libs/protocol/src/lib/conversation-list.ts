import type { Conversation, Message, ReadMarker, SyncResponse } from '@parley/contract';
import { applyMessage, applyReadMarker, isMember, mergeConversation } from './conversation-state';

/**
 * The caller's conversations as a list, changed only through these functions. Each returns the same
 * array when nothing changed (signals rely on that); order is left to the caller (e.g. by activity).
 */
export type ConversationList = readonly Conversation[];

/**
 * The conversations of `before` that `after` no longer lists (I left or was removed). A client drops
 * the messages it holds of each: what is edited, deleted or reacted to while I am out never reaches
 * me, so a copy kept until I am added back would go stale; the history is fetched afresh then.
 */
export function departedConversations(before: ConversationList, after: ConversationList): string[] {
  if (before === after) return [];
  const kept = new Set(after.map((c) => c.id));
  return before.filter((c) => !kept.has(c.id)).map((c) => c.id);
}

/** Conversations I left or was removed from: `removedConversationIds`. */
export function removeConversations(list: ConversationList, ids: readonly string[]): Conversation[] {
  if (ids.length === 0 || !list.some((c) => ids.includes(c.id))) return list as Conversation[];
  return list.filter((c) => !ids.includes(c.id));
}

/** Adds or refreshes a conversation (see mergeConversation); one that no longer lists me is removed instead. */
export function upsertConversation(list: ConversationList, incoming: Conversation, me: string): Conversation[] {
  if (!isMember(incoming, me)) return removeConversations(list, [incoming.id]);
  const held = list.find((c) => c.id === incoming.id);
  const merged = mergeConversation(held, incoming, me);
  // Removed by a system line held (e.g. "member_left") while the copy still lists me: the newer view wins.
  if (!isMember(merged, me)) return removeConversations(list, [incoming.id]);
  return held ? list.map((c) => (c === held ? merged : c)) : [...list, merged];
}

function replace(list: ConversationList, id: string, change: (c: Conversation) => Conversation, me: string): Conversation[] {
  const held = list.find((c) => c.id === id);
  if (!held) return list as Conversation[];
  const next = change(held);
  if (next === held) return list as Conversation[];
  if (!isMember(next, me)) return removeConversations(list, [id]);
  return list.map((c) => (c === held ? next : c));
}

/** A `conversation:read` push (or my own ack): forward only. Unknown conversations are ignored. */
export function applyReadMarkerTo(list: ConversationList, marker: ReadMarker, me: string): Conversation[] {
  return replace(list, marker.conversationId, (c) => applyReadMarker(c, marker, me), me);
}

/** A message from any path: preview, unread count, the sender's marker; a line saying I am gone removes it. */
export function applyMessageTo(list: ConversationList, message: Message, me: string): Conversation[] {
  return replace(list, message.conversationId, (c) => applyMessage(c, message, me), me);
}

/**
 * The conversation half of a sync page: removals first (a conversation I was removed from and added
 * back to after the cursor is in both lists, and I am a member again), then the current states.
 */
export function applySyncConversations(list: ConversationList, page: Pick<SyncResponse, 'conversations' | 'removedConversationIds'>, me: string): Conversation[] {
  let next = removeConversations(list, page.removedConversationIds ?? []);
  for (const conversation of page.conversations) next = upsertConversation(next, conversation, me);
  return next;
}
