import type { Conversation } from './conversation';
import type { Message } from './message';

/**
 * Catch-up after a disconnect. The cursor is a position in the server's commit-ordered stream of
 * changes (a message stored or changed, a conversation created, renamed or its members changed, a read
 * marker moved): whatever changed after it, in every conversation of the caller, comes back in its
 * latest state.
 */
export interface SyncQuery {
  /** The `cursor` of the previous sync; absent: just return the current cursor. */
  since?: string;
  limit?: number;
}

export interface SyncResponse {
  /**
   * Every message stored or changed after the cursor, in its latest state, in stream order. Within a
   * conversation that is seq order for new messages; a changed message comes where its change was, so
   * merge by seq and keep the higher `version`.
   */
  messages: Message[];
  /**
   * The current state (members, title, read state, unread count) of every conversation of the caller
   * that changed or got messages after the cursor, including ones the caller was added to.
   */
  conversations: Conversation[];
  /** v2: conversations the caller left or was removed from after the cursor: forget them. */
  removedConversationIds: string[];
  /** Pass as `since` next time. */
  cursor: string;
  /** More is waiting: call again with the new cursor. */
  hasMore: boolean;
}
