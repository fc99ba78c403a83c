import { Inject, Injectable } from '@nestjs/common';
import { ConversationKind, Limits, type Conversation, type Page } from '@parley/contract';
import { randomUUID } from 'node:crypto';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { DomainError } from '../common/domain-error';
import { SQL_EXECUTOR, type SqlExecutor } from '../database/sql/executor';
import { query, sql } from '../database/sql/statement';
import { UsersService } from '../users/users.service';
import { ConversationPresenter, conversationFromRow, conversationStatements } from './conversation-presenter';
import { ListConversationsQueryDto } from './dto/list-conversations.query';
import { MembershipService } from './membership.service';
import { RealtimePublisher } from './realtime-publisher';
import { ChangeStream, unchanged } from './stream/change-stream';

type PageCursor = { u: string; id: string };
const isPageCursor = (v: unknown): v is PageCursor =>
  typeof (v as PageCursor)?.u === 'string' && typeof (v as PageCursor)?.id === 'string' && !Number.isNaN(Date.parse((v as PageCursor).u));

@Injectable()
export class ConversationsService {
  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly users: UsersService,
    private readonly membership: MembershipService,
    private readonly presenter: ConversationPresenter,
    private readonly stream: ChangeStream,
    private readonly publisher: RealtimePublisher,
  ) {}

  /**
   * The one direct conversation of two users, created on first use. Idempotent and race-free: the
   * sorted member pair is a unique key and the insert ignores a conflict. Its creation is a change on
   * the stream (no system line: an empty direct conversation stays empty, as in v1), so the other
   * person's devices learn of it on their next sync even before a message is sent.
   */
  async openDirect(userId: string, otherId: string): Promise<{ conversation: Conversation; created: boolean }> {
    if (otherId === userId) {
      throw DomainError.validation([{ field: 'memberIds', message: 'must name another user, not yourself' }]);
    }
    if (!(await this.users.findOpenByIds([otherId])).length) throw DomainError.notFound('User');
    const directKey = [userId, otherId].sort().join(':');
    const id = randomUUID();
    const now = new Date();
    const created = await this.stream.write([], function* () {
      const inserted = yield* query(
        sql`INSERT INTO "conversations" ("id", "kind", "title", "directKey", "lastSeq", "createdAt", "updatedAt", "createdBy", "changePos", "membersVersion")
            VALUES (${id}, ${ConversationKind.Direct}, NULL, ${directKey}, 0, ${now}, ${now}, ${userId}, 0, 1)
            ON CONFLICT DO NOTHING RETURNING "id"`,
      );
      if (!inserted.length) return unchanged(false);
      yield sql`INSERT INTO "conversation_members" ("conversationId", "userId", "lastReadSeq", "joinedAt")
                VALUES (${id}, ${userId}, 0, ${now}), (${id}, ${otherId}, 0, ${now})`;
      return { positions: 1, touched: [id], *write() { return true; } };
    });
    const rows = await this.db.all<Record<string, unknown>>(sql`SELECT * FROM "conversations" WHERE "directKey" = ${directKey}`);
    const [conversation] = await this.presenter.forViewer(rows.map(conversationFromRow), userId);
    if (created) this.publisher.conversationNew([userId, otherId], conversation);
    return { conversation, created };
  }

  async get(userId: string, conversationId: string): Promise<Conversation> {
    await this.membership.requireMember(conversationId, userId);
    const [conversation] = await this.presenter.byIds([conversationId], userId);
    if (!conversation) throw DomainError.notFound('Conversation');
    return conversation;
  }

  /** Mine, most recently active first, keyset-paged on (updatedAt, id). */
  async list(userId: string, query: ListConversationsQueryDto): Promise<Page<Conversation>> {
    const limit = query.limit ?? Limits.usersPageDefault;
    const after = query.cursor ? decodeCursor(query.cursor, isPageCursor) : null;
    const cursor = after ? { updatedAt: new Date(after.u), id: after.id } : null;
    const rows = (await this.db.all<Record<string, unknown>>(conversationStatements.listPage(userId, cursor, limit + 1))).map(conversationFromRow);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.presenter.forViewer(page, userId),
      nextCursor: rows.length > limit ? encodeCursor({ u: last.updatedAt.toISOString(), id: last.id }) : null,
    };
  }
}
