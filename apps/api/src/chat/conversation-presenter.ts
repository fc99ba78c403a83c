import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Conversation } from '@parley/contract';
import { In, IsNull, Repository } from 'typeorm';
import type { User } from '@parley/contract';
import { PresenceService } from '../users/presence/presence.service';
import { UsersService } from '../users/users.service';
import { forViewer, toConversation } from './chat.mappers';
import { ConversationMemberEntity } from './conversation-member.entity';
import { ConversationEntity } from './conversation.entity';
import { MessageEntity } from './message.entity';
import { MessagePresenter } from './message-presenter';

/** Turns conversation rows into the contract's Conversation: members, read state and last message, a few queries per page. */
@Injectable()
export class ConversationPresenter {
  constructor(
    @InjectRepository(ConversationEntity) private readonly conversations: Repository<ConversationEntity>,
    @InjectRepository(ConversationMemberEntity) private readonly members: Repository<ConversationMemberEntity>,
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    private readonly users: UsersService,
    private readonly messagePresenter: MessagePresenter,
    private readonly presence: PresenceService,
  ) {}

  /** As every member sees it (unreadCount 0): for pushes, which fill it in per recipient. */
  async shared(conversationId: string): Promise<Conversation> {
    const [conversation] = await this.present(await this.conversations.findBy({ id: conversationId }));
    return conversation;
  }

  /** By id, as `viewerId` sees them, in the order of `ids`' rows as found. */
  async byIds(ids: readonly string[], viewerId: string): Promise<Conversation[]> {
    if (!ids.length) return [];
    return (await this.present(await this.conversations.findBy({ id: In([...ids]) }))).map((c) => forViewer(c, viewerId));
  }

  async forViewer(entities: ConversationEntity[], viewerId: string): Promise<Conversation[]> {
    return (await this.present(entities)).map((c) => forViewer(c, viewerId));
  }

  private async present(entities: ConversationEntity[]): Promise<Conversation[]> {
    if (!entities.length) return [];
    const ids = entities.map((c) => c.id);
    const memberRows = await this.members.find({ where: { conversationId: In(ids), leftPos: IsNull() }, order: { joinedAt: 'ASC', userId: 'ASC' } });
    // Presence of every member of every conversation in one lookup.
    const users = new Map((await this.presence.usersOf(await this.users.findByIds([...new Set(memberRows.map((m) => m.userId))]))).map((u) => [u.id, u]));
    const withMessages = entities.filter((c) => c.lastSeq > 0);
    const lastMessages = withMessages.length
      ? await this.messages
          .createQueryBuilder('msg')
          .where(
            withMessages.map((c, i) => `(msg.conversationId = :c${i} AND msg.seq = :s${i})`).join(' OR '),
            Object.fromEntries(withMessages.flatMap((c, i) => [[`c${i}`, c.id], [`s${i}`, c.lastSeq]])),
          )
          .getMany()
      : [];
    const lastByConversation = new Map((await this.messagePresenter.present(lastMessages)).map((m) => [m.conversationId, m]));
    const rowsByConversation = new Map<string, ConversationMemberEntity[]>();
    for (const row of memberRows) rowsByConversation.set(row.conversationId, [...(rowsByConversation.get(row.conversationId) ?? []), row]);
    return entities.map((entity) => {
      const rows = (rowsByConversation.get(entity.id) ?? []).filter((row) => users.has(row.userId));
      return toConversation(
        entity,
        rows.map((row) => users.get(row.userId) as User),
        rows.map((row) => ({ userId: row.userId, lastReadSeq: row.lastReadSeq })),
        lastByConversation.get(entity.id) ?? null,
        new Set(rows.filter((row) => row.muted).map((row) => row.userId)),
      );
    });
  }
}
