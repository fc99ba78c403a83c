import type { Conversation } from './conversation';
import type { Message } from './message';

/**
 * Catch-up after a disconnect. The cursor is a position in the server's commit-ordered stream of
 * messages: everything stored after it, in every conversation of the caller, comes back in order.
 */
export interface SyncQuery {
  /** The `cursor` of the previous sync; absent: just return the current cursor. */
  since?: string;
  limit?: number;
}

export interface SyncResponse {
  /** In stream order (which is `seq` order within each conversation). */
  messages: Message[];
  /** The current state of every conversation those messages belong to. */
  conversations: Conversation[];
  /** Pass as `since` next time. */
  cursor: string;
  /** More is waiting: call again with the new cursor. */
  hasMore: boolean;
}
