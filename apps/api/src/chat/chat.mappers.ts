import type { Conversation, Message, ReadState } from '@parley/contract';
import type { UserEntity } from '../users/user.entity';
import { toUser } from '../users/user.mapper';
import type { ConversationEntity } from './conversation.entity';
import type { MessageEntity } from './message.entity';

export function toMessage(entity: MessageEntity): Message {
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
  };
  if (entity.system) message.system = entity.system;
  return message;
}

/** The state every member shares; `unreadCount` is filled in per viewer by `forViewer`. */
export function toConversation(
  entity: ConversationEntity,
  members: UserEntity[],
  readState: ReadState[],
  lastMessage: MessageEntity | null,
): Conversation {
  return {
    id: entity.id,
    kind: entity.kind,
    title: entity.title,
    createdBy: entity.createdBy ?? members[0]?.id ?? '',
    members: members.map(toUser),
    lastMessage: lastMessage ? toMessage(lastMessage) : null,
    lastSeq: entity.lastSeq,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    unreadCount: 0,
    readState,
  };
}

/**
 * The conversation as one member sees it. Your own messages and actions move your marker, so
 * everything after it is someone else's: the count is a subtraction, whatever the history's size.
 */
export function forViewer(conversation: Conversation, viewerId: string): Conversation {
  const marker = conversation.readState.find((r) => r.userId === viewerId);
  return { ...conversation, unreadCount: marker ? Math.max(0, conversation.lastSeq - marker.lastReadSeq) : 0 };
}
