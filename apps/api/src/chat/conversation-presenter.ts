import { Inject, Injectable } from '@nestjs/common';
import type { Conversation, User } from '@parley/contract';
import { SQL_EXECUTOR, type SqlExecutor } from '../database/sql/executor';
import { join, list, sql } from '../database/sql/statement';
import { PresenceService } from '../users/presence/presence.service';
import { forViewer, toConversation } from './chat.mappers';
import { ConversationEntity } from './conversation.entity';
import { MessagePresenter } from './message-presenter';
import { messageColumns, messageFromRow } from './stream/message-rows';

/** A current member as a conversation shows them: their read state and mute, and their account. */
interface MemberRow {
  conversationId: string;
  userId: string;
  lastReadSeq: number;
  muted: boolean | number;
  username: string;
  displayName: string;
  createdAt: Date;
  lastSeenAt: Date | null;
}

/** The statements that complete a page of conversations, kept together so their plans can be checked. */
export const conversationStatements = {
  byIds: (ids: readonly string[]) => sql`SELECT * FROM "conversations" WHERE "id" IN ${list(ids)}`,
  /** A page of a user's conversations, most recently active first, keyset-paged on (updatedAt, id) after `cursor`. */
  listPage: (userId: string, cursor: { updatedAt: Date; id: string } | null, limit: number) =>
    sql`SELECT c.* FROM "conversation_members" m JOIN "conversations" c ON c."id" = m."conversationId"
        WHERE m."userId" = ${userId} AND m."leftPos" IS NULL${
          cursor ? sql` AND (c."updatedAt" < ${cursor.updatedAt} OR (c."updatedAt" = ${cursor.updatedAt} AND c."id" < ${cursor.id}))` : sql``
        }
        ORDER BY c."updatedAt" DESC, c."id" DESC LIMIT ${limit}`,
  /** Current members with their accounts (a closed account still shows), in the order they joined. */
  members: (conversationIds: readonly string[]) =>
    sql`SELECT m."conversationId", m."userId", m."lastReadSeq", m."muted", u."username", u."displayName", u."createdAt", u."lastSeenAt"
        FROM "conversation_members" m JOIN "users" u ON u."id" = m."userId"
        WHERE m."conversationId" IN ${list(conversationIds)} AND m."leftPos" IS NULL
        ORDER BY m."joinedAt", m."userId"`,
  /** Each conversation's newest message, by (conversationId, seq). */
  lastMessages: (conversations: readonly Pick<ConversationEntity, 'id' | 'lastSeq'>[]) =>
    sql`SELECT ${messageColumns()} FROM "messages"
        WHERE ${join(conversations.map((c) => sql`("conversationId" = ${c.id} AND "seq" = ${c.lastSeq})`), ' OR ')}`,
};

/** A `conversations` row read with a statement (PostgreSQL's bigint arrives as text). */
export function conversationFromRow(row: Record<string, unknown>): ConversationEntity {
  return { ...(row as unknown as ConversationEntity), changePos: Number(row['changePos']), lastSeq: Number(row['lastSeq']) };
}

/**
 * Turns conversation rows into the contract's Conversation: members, read state and last message.
 * Three statements per page, whatever its size; on SQLite they run on the reader threads, and their
 * rows need no ORM hydration (which was most of a sync page's time on the event loop).
 */
@Injectable()
export class ConversationPresenter {
  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly messagePresenter: MessagePresenter,
    private readonly presence: PresenceService,
  ) {}

  /** As every member sees it (unreadCount 0): for pushes, which fill it in per recipient. */
  async shared(conversationId: string): Promise<Conversation> {
    const [conversation] = await this.present(await this.rowsOf([conversationId]));
    return conversation;
  }

  /** By id, as `viewerId` sees them, in the order of `ids`' rows as found. */
  async byIds(ids: readonly string[], viewerId: string): Promise<Conversation[]> {
    if (!ids.length) return [];
    return (await this.present(await this.rowsOf(ids))).map((c) => forViewer(c, viewerId));
  }

  async forViewer(entities: ConversationEntity[], viewerId: string): Promise<Conversation[]> {
    return (await this.present(entities)).map((c) => forViewer(c, viewerId));
  }

  private async rowsOf(ids: readonly string[]): Promise<ConversationEntity[]> {
    return (await this.db.all<Record<string, unknown>>(conversationStatements.byIds(ids))).map(conversationFromRow);
  }

  private async present(entities: ConversationEntity[]): Promise<Conversation[]> {
    if (!entities.length) return [];
    const withMessages = entities.filter((c) => c.lastSeq > 0);
    const [memberRows, lastRows] = await Promise.all([
      this.db.all<MemberRow>(conversationStatements.members(entities.map((c) => c.id))),
      withMessages.length ? this.db.all<Record<string, unknown>>(conversationStatements.lastMessages(withMessages)) : [],
    ]);
    // Presence of every member of every conversation in one lookup.
    const accounts = new Map(memberRows.map((row) => [row.userId, row]));
    const users = new Map((await this.presence.usersOf([...accounts.values()].map((row) => ({ ...row, id: row.userId })))).map((u) => [u.id, u]));
    const lastByConversation = new Map((await this.messagePresenter.present(lastRows.map(messageFromRow))).map((m) => [m.conversationId, m]));
    const rowsByConversation = new Map<string, MemberRow[]>();
    for (const row of memberRows) {
      const rows = rowsByConversation.get(row.conversationId);
      if (rows) rows.push(row);
      else rowsByConversation.set(row.conversationId, [row]);
    }
    return entities.map((entity) => {
      const rows = rowsByConversation.get(entity.id) ?? [];
      return toConversation(
        entity,
        rows.map((row) => users.get(row.userId) as User),
        rows.map((row) => ({ userId: row.userId, lastReadSeq: row.lastReadSeq })),
        lastByConversation.get(entity.id) ?? null,
        new Set(rows.filter((row) => Boolean(row.muted)).map((row) => row.userId)),
      );
    });
  }
}
