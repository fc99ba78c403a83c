import type { Conversation, Message, SyncResponse } from '@parley/contract';

/** Where a client keeps what a sync page carries. */
export interface SyncPageSink {
  /** Conversations I left or was removed from after the cursor. */
  removeConversations(ids: readonly string[]): void;
  /** The current state of a conversation that changed (see upsertConversation / mergeConversation). */
  upsertConversation(conversation: Conversation): void;
  /** Messages created or changed, in stream order (see mergeMessages). */
  ingestMessages(messages: readonly Message[]): void;
}

/**
 * Applies one sync page in the order that keeps every step meaningful: removals first (a conversation
 * I was removed from and added back to after the cursor is in both lists, and I am a member again),
 * then conversations (so their messages have somewhere to go), then the messages.
 */
export function applySyncPage(page: SyncResponse, sink: SyncPageSink): void {
  // A v1 server sends no removedConversationIds.
  const removed = page.removedConversationIds ?? [];
  if (removed.length > 0) sink.removeConversations(removed);
  for (const conversation of page.conversations) sink.upsertConversation(conversation);
  if (page.messages.length > 0) sink.ingestMessages(page.messages);
}
