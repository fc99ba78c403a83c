import { Attachment, Conversation, Message, User } from '@parley/contract';
import { MessageRow } from '../model/timeline';

/** Contract-typed test data for the chat specs: one place to follow the contract when it grows. */
export const aUser = (id: string, overrides: Partial<User> = {}): User => ({
  id,
  username: id,
  displayName: id.toUpperCase(),
  createdAt: '2026-01-01T00:00:00.000Z',
  online: false,
  lastSeenAt: null,
  ...overrides,
});

export const aConversation = (id: string, members: User[], overrides: Partial<Conversation> = {}): Conversation => ({
  id,
  kind: members.length === 2 ? 'direct' : 'group',
  title: members.length === 2 ? null : `Group ${id}`,
  createdBy: members[0]?.id ?? 'nobody',
  members,
  lastMessage: null,
  lastSeq: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  unreadCount: 0,
  readState: members.map((m) => ({ userId: m.id, lastReadSeq: 0 })),
  muted: false,
  ...overrides,
});

export const aMessage = (seq: number, overrides: Partial<Message> = {}): Message => ({
  id: `m${seq}`,
  conversationId: 'c1',
  senderId: 'bob',
  body: `b${seq}`,
  clientMessageId: `cm${seq}`,
  seq,
  createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, seq)).toISOString(),
  kind: 'text',
  version: 1,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  reactions: [],
  attachments: [],
  ...overrides,
});

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
