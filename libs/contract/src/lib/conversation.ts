import type { Message } from './message';
import type { User } from './user';

export const ConversationKind = {
  Direct: 'direct',
  Group: 'group',
} as const;
export type ConversationKind = (typeof ConversationKind)[keyof typeof ConversationKind];

/** How far one member has read: the highest seq they have seen. */
export interface ReadState {
  userId: string;
  lastReadSeq: number;
}

export interface Conversation {
  id: string;
  kind: ConversationKind;
  /** Null for direct conversations: clients show the other member's name. Required for groups. */
  title: string | null;
  /** v2: who created it. */
  createdBy: string;
  /** The current members (someone who left or was removed is no longer here). */
  members: User[];
  lastMessage: Message | null;
  /** The seq of the newest message; 0 when empty. */
  lastSeq: number;
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601: the last activity, for "most recently active first". */
  updatedAt: string;
  /**
   * v2, for the caller: messages after the caller's read marker. Your own messages and actions move
   * your marker, so these are always others'; system lines ("Bob joined") count, as they show as new.
   */
  unreadCount: number;
  /** v2: every current member's read marker. */
  readState: ReadState[];
  /** v2, for the caller: no notification and a grey badge; the same on every device of theirs. */
  muted: boolean;
}

/** v2: `PUT /api/conversations/:id/mute` (members only) → 200 the conversation as the caller sees it. */
export interface MuteConversationRequest {
  muted: boolean;
}

export interface CreateConversationRequest {
  /** Direct: exactly the other user's id (no title). Group: two or more other users' ids, with a title. */
  memberIds: string[];
  /** Required for a group (1–80 characters after trimming); absent for a direct conversation. */
  title?: string;
}

export interface RenameConversationRequest {
  title: string;
}

export interface AddMembersRequest {
  userIds: string[];
}

export interface MarkReadRequest {
  seq: number;
}

/** A moved read marker: the REST answer and the `conversation:read` push. */
export interface ReadMarker {
  conversationId: string;
  userId: string;
  lastReadSeq: number;
}
