import type { Attachment, Conversation, Message, Reaction, ReadState, ReplyPreview, User } from '@parley/contract';
import type { ConversationEntity } from './conversation.entity';
import type { MessageEntity } from './message.entity';

/** What a message shows besides its own row; a new message has none (see MessagePresenter). */
export interface MessageExtras {
  reactions?: Reaction[];
  replyTo?: ReplyPreview | null;
  attachments?: Attachment[];
}

export function toMessage(entity: MessageEntity, extras: MessageExtras = {}): Message {
  const message: Message = {
    id: entity.id,
    conversationId: entity.conversationId,
    senderId: entity.senderId,
    body: entity.body,
    clientMessageId: entity.clientMessageId,
    seq: entity.seq,
    createdAt: entity.createdAt.toISOString(),
    kind: entity.kind,
    version: entity.version,
    editedAt: entity.editedAt ? entity.editedAt.toISOString() : null,
    deletedAt: entity.deletedAt ? entity.deletedAt.toISOString() : null,
    // A tombstone keeps nothing but its place: no preview, no reactions, no files.
    replyTo: entity.deletedAt ? null : (extras.replyTo ?? null),
    reactions: entity.deletedAt ? [] : (extras.reactions ?? []),
    attachments: entity.deletedAt ? [] : (extras.attachments ?? []),
  };
  if (entity.system) message.system = entity.system;
  return message;
}

/** The preview a reply shows of the message it answers (`body` already cut to the preview length). */
export function toReplyPreview(target: { id: string; seq: number; senderId: string; body: string; deletedAt: Date | null }): ReplyPreview {
  const deleted = target.deletedAt !== null;
  return { id: target.id, seq: Number(target.seq), senderId: target.senderId, body: deleted ? '' : target.body, deleted };
}

/**
 * Who muted a shared conversation, beside it rather than in it: a mute is one member's own setting,
 * so it must never travel with the shared object (which is not sent as is), only through `forViewer`.
 */
const mutedBy = new WeakMap<Conversation, ReadonlySet<string>>();

/**
 * The state every member shares (members with their presence); `unreadCount` and `muted` are filled
 * in per viewer by `forViewer`.
 */
export function toConversation(
  entity: ConversationEntity,
  members: User[],
  readState: ReadState[],
  lastMessage: Message | null,
  mutedMembers: ReadonlySet<string> = new Set(),
): Conversation {
  const conversation: Conversation = {
    id: entity.id,
    kind: entity.kind,
    title: entity.title,
    createdBy: entity.createdBy ?? members[0]?.id ?? '',
    members,
    lastMessage,
    lastSeq: entity.lastSeq,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    unreadCount: 0,
    readState,
    muted: false,
  };
  mutedBy.set(conversation, mutedMembers);
  return conversation;
}

/**
 * The conversation as one member sees it. Your own messages and actions move your marker, so
 * everything after it is someone else's: the count is a subtraction, whatever the history's size.
 */
export function forViewer(conversation: Conversation, viewerId: string): Conversation {
  const marker = conversation.readState.find((r) => r.userId === viewerId);
  return {
    ...conversation,
    unreadCount: marker ? Math.max(0, conversation.lastSeq - marker.lastReadSeq) : 0,
    muted: mutedBy.get(conversation)?.has(viewerId) ?? false,
  };
}
