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
}

export interface SendMessageRequest {
  body: string;
  /** Chosen by the sender (e.g. a UUID); repeats return the stored message instead of storing again. */
  clientMessageId: string;
}

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
