import type { Attachment } from './attachment';

export const MessageKind = {
  Text: 'text',
  /** A line the server writes into the history when a group changes ("Alice added Bob"). */
  System: 'system',
} as const;
export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind];

export const SystemEventType = {
  Created: 'created',
  Renamed: 'renamed',
  MembersAdded: 'members_added',
  MemberRemoved: 'member_removed',
  MemberLeft: 'member_left',
} as const;
export type SystemEventType = (typeof SystemEventType)[keyof typeof SystemEventType];

/** What a system message records; clients render it as one centred line. */
export interface SystemEvent {
  type: SystemEventType;
  /** Who did it. */
  actorId: string;
  /** Who was added or removed (members_added, member_removed, member_left, created). */
  userIds?: string[];
  /** The new title (created, renamed). */
  title?: string;
}

export interface Message {
  id: string;
  conversationId: string;
  senderId: string;
  /** Empty for system messages. */
  body: string;
  clientMessageId: string;
  /** Assigned by the server when stored; +1 per message in its conversation, starting at 1. */
  seq: number;
  /** ISO-8601 timestamp. */
  createdAt: string;
  /** v2: "text" for everything people send (all v1 messages), "system" for the server's lines. */
  kind: MessageKind;
  /** v2: present on system messages only. */
  system?: SystemEvent;
  /** v2: 1 when stored, +1 for every later change; of two copies of a message, keep the higher. */
  version: number;
  /** v2: ISO-8601 time of the last edit; null if never edited. */
  editedAt: string | null;
  /** v2: ISO-8601 time it was deleted; a deleted message is a tombstone (body "", no reactions, no reply preview). */
  deletedAt: string | null;
  /** v2: a preview of the message this one answers; null when it answers none (or it was deleted). */
  replyTo: ReplyPreview | null;
  /**
   * v2: one entry per emoji, ordered by each emoji's earliest reaction still present (first use);
   * `userIds` in the order they reacted.
   */
  reactions: Reaction[];
  /** v2: the files it carries, in the order they were sent; [] for none and for a deleted message. */
  attachments: Attachment[];
}

/** What a reply shows of the message it answers, in that message's latest state. */
export interface ReplyPreview {
  id: string;
  seq: number;
  senderId: string;
  /** At most `Limits.replyPreviewMax` characters; "" when the original was deleted. */
  body: string;
  deleted: boolean;
}

export interface Reaction {
  /** One emoji (a single grapheme cluster). */
  emoji: string;
  userIds: string[];
}

export interface SendMessageRequest {
  /** Trimmed; 1 to `Limits.messageBodyMax` characters, or empty when the message carries attachments. */
  body: string;
  /** Chosen by the sender (e.g. a UUID); repeats return the stored message instead of storing again. */
  clientMessageId: string;
  /** v2: the id of a message of the same conversation that this one answers. */
  replyToId?: string;
  /**
   * v2: 1 to `Limits.attachmentsPerMessageMax` ids from `POST /api/uploads`, uploaded by the sender and not yet
   * attached to any message; with attachments the body may be empty.
   */
  attachmentIds?: string[];
}

/** `PATCH /api/conversations/:id/messages/:messageId`: the same body rules as sending. */
export type EditMessageRequest = Pick<SendMessageRequest, 'body'>;

/** The socket form carries the conversation in the payload. */
export interface SendMessagePayload extends SendMessageRequest {
  conversationId: string;
}

export interface ListMessagesQuery {
  /** Only messages with a seq lower than this. */
  before?: number;
  /** Only messages with a seq higher than this. */
  after?: number;
  limit?: number;
}

export interface MessagePage {
  /** Ascending seq. */
  items: Message[];
  hasMore: boolean;
}
