export interface Message {
  id: string;
  conversationId: string;
  senderId: string;
  body: string;
  clientMessageId: string;
  /** Assigned by the server when stored; +1 per message in its conversation, starting at 1. */
  seq: number;
  /** ISO-8601 timestamp. */
  createdAt: string;
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
