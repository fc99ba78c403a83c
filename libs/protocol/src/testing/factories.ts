import type { Conversation, Message, ReadMarker, SyncResponse, User } from '@parley/contract';

/** Contract-typed test data for the protocol specs. */
export const aUser = (id: string, overrides: Partial<User> = {}): User => ({
  id,
  username: id,
  displayName: id.toUpperCase(),
  createdAt: '2026-01-01T00:00:00.000Z',
  online: false,
  lastSeenAt: null,
  ...overrides,
});

export const aMessage = (conversationId: string, seq: number, overrides: Partial<Message> = {}): Message => ({
  id: `${conversationId}-m${seq}`,
  conversationId,
  senderId: 'other',
  body: `body ${seq}`,
  clientMessageId: `${conversationId}-cm${seq}`,
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

/** A conversation of `members` (the first is its creator); a direct one for two, a group otherwise. */
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

export const aReadMarker = (conversationId: string, userId: string, lastReadSeq: number): ReadMarker => ({ conversationId, userId, lastReadSeq });

export const aSyncPage = (overrides: Partial<SyncResponse> = {}): SyncResponse => ({
  messages: [],
  conversations: [],
  removedConversationIds: [],
  cursor: '1',
  hasMore: false,
  ...overrides,
});
