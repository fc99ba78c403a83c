import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ConversationKind, Limits, type Conversation, type Page } from '@parley/contract';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { DomainError } from '../common/domain-error';
import type { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { toConversation } from './chat.mappers';
import { ConversationMemberEntity } from './conversation-member.entity';
import { ConversationEntity } from './conversation.entity';
import { ListConversationsQueryDto } from './dto/list-conversations.query';
import { MembershipService } from './membership.service';
import { MessageEntity } from './message.entity';
import { RealtimePublisher } from './realtime-publisher';

type PageCursor = { u: string; id: string };
const isPageCursor = (v: unknown): v is PageCursor =>
  typeof (v as PageCursor)?.u === 'string' && typeof (v as PageCursor)?.id === 'string' && !Number.isNaN(Date.parse((v as PageCursor).u));

@Injectable()
export class ConversationsService {
  constructor(
    @InjectRepository(ConversationEntity) private readonly conversations: Repository<ConversationEntity>,
    @InjectRepository(ConversationMemberEntity) private readonly members: Repository<ConversationMemberEntity>,
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    private readonly users: UsersService,
    private readonly membership: MembershipService,
    private readonly publisher: RealtimePublisher,
  ) {}

  /**
   * The one direct conversation of two users, created on first use. Idempotent and race-free
   * without a transaction: the sorted member pair is a unique key, and inserts ignore conflicts.
   */
  async openDirect(userId: string, otherId: string): Promise<{ conversation: Conversation; created: boolean }> {
    if (otherId === userId) {
      throw DomainError.validation([{ field: 'memberIds', message: 'must name another user, not yourself' }]);
    }
    if (!(await this.users.findById(otherId))) throw DomainError.notFound('User');
    const directKey = [userId, otherId].sort().join(':');
    const candidateId = randomUUID();
    const now = new Date();
    await this.conversations
      .createQueryBuilder()
      .insert()
      .values({ id: candidateId, kind: ConversationKind.Direct, title: null, directKey, lastSeq: 0, createdAt: now, updatedAt: now })
      .orIgnore()
      .execute();
    const entity = await this.conversations.findOneByOrFail({ directKey });
    await this.members
      .createQueryBuilder()
      .insert()
      .values([userId, otherId].map((memberId) => ({ conversationId: entity.id, userId: memberId, lastReadSeq: 0 })))
      .orIgnore()
      .execute();
    const [conversation] = await this.present([entity]);
    const created = entity.id === candidateId;
    if (created) this.publisher.conversationNew(conversation);
    return { conversation, created };
  }

  async get(userId: string, conversationId: string): Promise<Conversation> {
    await this.membership.requireMember(conversationId, userId);
    const [conversation] = await this.present([await this.conversations.findOneByOrFail({ id: conversationId })]);
    return conversation;
  }

  /** Several conversations by id, for callers that already checked membership. */
  async getMany(ids: string[]): Promise<Conversation[]> {
    return ids.length ? this.present(await this.conversations.findBy({ id: In(ids) })) : [];
  }

  /** Mine, most recently active first, keyset-paged on (updatedAt, id). */
  async list(userId: string, query: ListConversationsQueryDto): Promise<Page<Conversation>> {
    const limit = query.limit ?? Limits.usersPageDefault;
    const qb = this.conversations
      .createQueryBuilder('c')
      .innerJoin(ConversationMemberEntity, 'm', 'm.conversationId = c.id AND m.userId = :userId', { userId });
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, isPageCursor);
      qb.where('(c.updatedAt < :u OR (c.updatedAt = :u AND c.id < :id))', { u: new Date(cursor.u), id: cursor.id });
    }
    // `limit`, not `take`: the join is one-to-one, so TypeORM's two-query DISTINCT paging is not needed.
    const rows = await qb.orderBy('c.updatedAt', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.present(page),
      nextCursor: rows.length > limit ? encodeCursor({ u: last.updatedAt.toISOString(), id: last.id }) : null,
    };
  }

  /** Adds members and last messages with two queries for the whole page. */
  private async present(entities: ConversationEntity[]): Promise<Conversation[]> {
    if (!entities.length) return [];
    const ids = entities.map((c) => c.id);
    const memberRows = await this.members.find({ where: { conversationId: In(ids) }, order: { joinedAt: 'ASC' } });
    const users = new Map((await this.users.findByIds([...new Set(memberRows.map((m) => m.userId))])).map((u) => [u.id, u]));
    const withMessages = entities.filter((c) => c.lastSeq > 0);
    const lastMessages = withMessages.length
      ? await this.messages
          .createQueryBuilder('msg')
          .where(withMessages.map((c, i) => `(msg.conversationId = :c${i} AND msg.seq = :s${i})`).join(' OR '),
            Object.fromEntries(withMessages.flatMap((c, i) => [[`c${i}`, c.id], [`s${i}`, c.lastSeq]])))
          .getMany()
      : [];
    const lastByConversation = new Map(lastMessages.map((m) => [m.conversationId, m]));
    const membersByConversation = new Map<string, UserEntity[]>();
    for (const row of memberRows) {
      const user = users.get(row.userId);
      if (user) membersByConversation.set(row.conversationId, [...(membersByConversation.get(row.conversationId) ?? []), user]);
    }
    return entities.map((entity) =>
      toConversation(entity, membersByConversation.get(entity.id) ?? [], lastByConversation.get(entity.id) ?? null),
    );
  }
}
