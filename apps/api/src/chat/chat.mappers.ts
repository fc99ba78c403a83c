import type { Conversation, Message } from '@parley/contract';
import type { UserEntity } from '../users/user.entity';
import { toUser } from '../users/user.mapper';
import type { ConversationEntity } from './conversation.entity';
import type { MessageEntity } from './message.entity';

export function toMessage(entity: MessageEntity): Message {
  return {
    id: entity.id,
    conversationId: entity.conversationId,
    senderId: entity.senderId,
    body: entity.body,
    clientMessageId: entity.clientMessageId,
    seq: entity.seq,
    createdAt: entity.createdAt.toISOString(),
  };
}

export function toConversation(entity: ConversationEntity, members: UserEntity[], lastMessage: MessageEntity | null): Conversation {
  return {
    id: entity.id,
    kind: entity.kind,
    title: entity.title,
    members: members.map(toUser),
    lastMessage: lastMessage ? toMessage(lastMessage) : null,
    lastSeq: entity.lastSeq,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}
