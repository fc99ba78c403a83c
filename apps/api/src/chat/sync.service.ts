import { Inject, Injectable } from '@nestjs/common';
import { Limits, type SyncResponse } from '@parley/contract';
import { DomainError } from '../common/domain-error';
import { HeavyReads } from '../database/heavy-reads';
import { SQL_EXECUTOR, type SqlExecutor } from '../database/sql/executor';
import { list, sql, type Statement } from '../database/sql/statement';
import { ConversationPresenter, conversationFromRow } from './conversation-presenter';
import { MessagePresenter } from './message-presenter';
import { SyncQueryDto } from './dto/sync.query';
import { ChangeStream } from './stream/change-stream';
import { messageColumns, messageFromRow } from './stream/message-rows';

/**
 * The statements of one sync, kept together so the plan test can EXPLAIN exactly what runs. Each is
 * bounded by the caller: their memberships, then their changed conversations' changes after the
 * cursor (a range on (conversationId, pos)) — never a walk of the server's messages.
 */
export const syncStatements = {
  /** My conversations that changed after the cursor (a read marker, a rename, a message…). */
  changed: (userId: string, since: number) =>
    sql`SELECT c.* FROM "conversation_members" m JOIN "conversations" c ON c."id" = m."conversationId"
        WHERE m."userId" = ${userId} AND m."leftPos" IS NULL AND c."changePos" > ${since}`,
  /** Conversations I left or was removed from after the cursor. */
  departed: (userId: string, since: number, upTo: number) =>
    sql`SELECT "conversationId" FROM "conversation_members" WHERE "userId" = ${userId} AND "leftPos" > ${since} AND "leftPos" <= ${upTo}`,
  /**
   * Messages stored or changed after the cursor in those conversations, in stream order. The page is
   * chosen on the (conversationId, pos) index alone and only its rows are read: a device far behind
   * sorts index entries, not every message it still misses.
   */
  messages: (conversationIds: readonly string[], since: number, upTo: number, limit: number): Statement =>
    sql`SELECT ${messageColumns()} FROM "messages" WHERE ("conversationId", "pos") IN (
          SELECT "conversationId", "pos" FROM "messages"
          WHERE "conversationId" IN ${list(conversationIds)} AND "pos" > ${since} AND "pos" <= ${upTo}
          ORDER BY "pos" LIMIT ${limit})
        ORDER BY "pos"`,
};

/**
 * Catch-up in the spirit of Matrix's /sync: one integer cursor into the commit-ordered change stream.
 * A client that was away asks once (or a few times, if `hasMore`) and gets the latest state of
 * whatever changed in its conversations, including conversations it joined or left meanwhile.
 */
@Injectable()
export class SyncService {
  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly stream: ChangeStream,
    private readonly presenter: ConversationPresenter,
    private readonly messages: MessagePresenter,
    private readonly heavyReads: HeavyReads,
  ) {}

  /** A sync page is a heavy read: it waits its turn (HeavyReads) before any of its work starts. */
  sync(userId: string, query: SyncQueryDto): Promise<SyncResponse> {
    return this.heavyReads.run(() => this.page(userId, query));
  }

  private async page(userId: string, query: SyncQueryDto): Promise<SyncResponse> {
    // Read first: every change up to it has committed, so reading up to it can skip nothing.
    const upTo = await this.stream.current();
    if (query.since === undefined) {
      return { messages: [], conversations: [], removedConversationIds: [], cursor: String(upTo), hasMore: false };
    }
    const since = Number(query.since);
    // A cursor from the future belongs to another (reset or restored) database: following it would
    // silently skip changes, so the client is told to start over with a fresh cursor.
    if (since > upTo) throw DomainError.validation([{ field: 'since', message: 'is ahead of this server; fetch a fresh cursor' }]);
    const limit = query.limit ?? Limits.syncPageDefault;

    const changed = (await this.db.all<Record<string, unknown>>(syncStatements.changed(userId, since))).map(conversationFromRow);
    const rows = changed.length
      ? (await this.db.all<Record<string, unknown>>(syncStatements.messages(changed.map((c) => c.id), since, upTo, limit + 1))).map(messageFromRow)
      : [];
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    const cursor = hasMore ? page[page.length - 1].pos : upTo;
    // A conversation whose latest change lies beyond this page comes with a later page.
    const inPage = new Set(page.map((m) => m.conversationId));
    const conversations = changed.filter((c) => inPage.has(c.id) || c.changePos <= cursor);
    const departed = await this.db.all<{ conversationId: string }>(syncStatements.departed(userId, since, cursor));
    return {
      messages: await this.messages.present(page),
      conversations: await this.presenter.forViewer(conversations, userId),
      removedConversationIds: departed.map((d) => d.conversationId),
      cursor: String(cursor),
      hasMore,
    };
  }
}

