import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Limits, type SyncResponse } from '@parley/contract';
import { DataSource, Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { toMessage } from './chat.mappers';
import { ConversationMemberEntity } from './conversation-member.entity';
import { ConversationsService } from './conversations.service';
import { SyncQueryDto } from './dto/sync.query';
import { MessageEntity } from './message.entity';

/**
 * Catch-up in the spirit of Matrix's /sync: one integer cursor into the commit-ordered message
 * stream. A client that was away asks once (or a few times, if `hasMore`) and gets every message of
 * every conversation it belongs to, including conversations that started while it was gone.
 */
@Injectable()
export class SyncService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    private readonly conversations: ConversationsService,
  ) {}

  async sync(userId: string, query: SyncQueryDto): Promise<SyncResponse> {
    if (query.since === undefined) {
      return { messages: [], conversations: [], cursor: String(await this.currentPosition()), hasMore: false };
    }
    const limit = query.limit ?? Limits.syncPageDefault;
    const rows = await this.messages
      .createQueryBuilder('m')
      .where('m.pos > :since', { since: query.since })
      .andWhere(
        `m.conversationId IN (${this.dataSource
          .createQueryBuilder(ConversationMemberEntity, 'cm')
          .select('cm.conversationId')
          .where('cm.userId = :userId')
          .getQuery()})`,
        { userId },
      )
      .orderBy('m.pos', 'ASC')
      .take(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    // A cursor from the future belongs to another (reset or restored) database: following it would
    // silently skip messages, so the client is told to start over with a fresh cursor.
    if (!page.length && Number(query.since) > (await this.currentPosition())) {
      throw DomainError.validation([{ field: 'since', message: 'is ahead of this server; fetch a fresh cursor' }]);
    }
    const cursor = page.length ? String(page[page.length - 1].pos) : query.since;
    const conversationIds = [...new Set(page.map((m) => m.conversationId))];
    return {
      messages: page.map(toMessage),
      conversations: await this.conversations.getMany(conversationIds),
      cursor,
      hasMore: rows.length > limit,
    };
  }

  private async currentPosition(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT "value" FROM "stream_counter" WHERE "id" = 1');
    return Number(row.value);
  }
}
