import type { Attachment, Message } from '@parley/contract';
import { aConversation, aMessage as aProtocolMessage, aUser } from '@parley/protocol/testing';
import { MessageRow } from '../model/timeline';

/** Contract-typed test data for the chat specs: the protocol library's, one place to follow the contract when it grows. */
export { aConversation, aUser };

/** A message of conversation c1 from bob, stored at `seq`. */
export const aMessage = (seq: number, overrides: Partial<Message> = {}): Message =>
  aProtocolMessage('c1', seq, { id: `m${seq}`, senderId: 'bob', body: `b${seq}`, clientMessageId: `cm${seq}`, ...overrides });

/** A rendered message row (see buildTimeline): one of mine, sent, stored at seq 1. */
export const aMessageRow = (overrides: Partial<MessageRow> = {}): MessageRow => ({
  kind: 'message',
  key: 'me:cm1',
  clientMessageId: 'cm1',
  seq: 1,
  body: 'hello',
  senderName: 'Me',
  mine: true,
  createdAt: new Date(2026, 0, 10, 9, 0),
  status: 'sent',
  startsGroup: true,
  endsGroup: true,
  id: 'm1',
  edited: false,
  deleted: false,
  reactions: [],
  replyTo: null,
  attachments: [],
  ...overrides,
});

/** A stored image (kind `image`, 800×600 unless told), with links as the server signs them. */
export const anImage = (id: string, overrides: Partial<Attachment> = {}): Attachment => ({
  id,
  name: `${id}.png`,
  size: 123_456,
  contentType: 'image/png',
  kind: 'image',
  width: 800,
  height: 600,
  url: `/api/uploads/${id}/content?sig=a`,
  thumbnailUrl: `/api/uploads/${id}/thumbnail?sig=a`,
  ...overrides,
});

/** A stored file that is not shown inline (a PDF unless told). */
export const aFile = (id: string, overrides: Partial<Attachment> = {}): Attachment => ({
  id,
  name: `${id}.pdf`,
  size: 2_500_000,
  contentType: 'application/pdf',
  kind: 'file',
  url: `/api/uploads/${id}/content?sig=a`,
  ...overrides,
});
