import type { Message } from './message';
import type { User } from './user';

export const ConversationKind = {
  Direct: 'direct',
  Group: 'group',
} as const;
export type ConversationKind = (typeof ConversationKind)[keyof typeof ConversationKind];

export interface Conversation {
  id: string;
  kind: ConversationKind;
  /** Null for direct conversations: clients show the other member's name. */
  title: string | null;
  members: User[];
  lastMessage: Message | null;
  /** The seq of the newest message; 0 when empty. */
  lastSeq: number;
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601: the last activity, for "most recently active first". */
  updatedAt: string;
}

export interface CreateConversationRequest {
  /** For a direct conversation: exactly the other user's id. */
  memberIds: string[];
}
