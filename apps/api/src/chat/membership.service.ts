import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { SQL_EXECUTOR, type SqlExecutor } from '../database/sql/executor';
import { list, query, sql, type Work } from '../database/sql/statement';
import type { LockedConversation } from './stream/change-stream';

const MAX_CACHED = 50_000;

interface CachedMembers {
  version: number;
  ids: readonly string[];
}

/**
 * Who belongs to a conversation, exact on every process at every moment:
 * - a read asks the database (one primary-key lookup, on the main connection: see SqlExecutor.lookup);
 * - a write reads the members under the conversation's lock, from a cache that is valid only while
 *   its `membersVersion` equals the locked row's, so a change made by another process is seen by the
 *   very next write here, with no invalidation message to lose or to wait for.
 */
@Injectable()
export class MembershipService {
  private readonly cache = new Map<string, CachedMembers>();

  constructor(@Inject(SQL_EXECUTOR) private readonly db: SqlExecutor) {}

  async isMember(conversationId: string, userId: string): Promise<boolean> {
    const rows = await this.db.lookup(
      sql`SELECT 1 AS "one" FROM "conversation_members" WHERE "conversationId" = ${conversationId} AND "userId" = ${userId} AND "leftPos" IS NULL`,
    );
    return rows.length > 0;
  }

  /** The current members of a conversation, as a read (one index range; as many rows as members). */
  async currentMembers(conversationId: string): Promise<string[]> {
    const rows = await this.db.all<{ userId: string }>(
      sql`SELECT "userId" FROM "conversation_members" WHERE "conversationId" = ${conversationId} AND "leftPos" IS NULL`,
    );
    return rows.map((r) => r.userId);
  }

  /** NOT_FOUND for a non-member, so nobody learns what exists. */
  async requireMember(conversationId: string, userId: string): Promise<void> {
    if (!(await this.isMember(conversationId, userId))) throw DomainError.notFound('Conversation');
  }

  /** Inside a write that holds these conversations' locks: their current member ids. */
  *membersUnderLock(locked: readonly LockedConversation[]): Work<Map<string, readonly string[]>> {
    const result = new Map<string, readonly string[]>();
    const stale: LockedConversation[] = [];
    for (const conversation of locked) {
      const cached = this.touch(conversation.id);
      if (cached?.version === conversation.membersVersion) result.set(conversation.id, cached.ids);
      else stale.push(conversation);
    }
    if (!stale.length) return result;
    const rows = yield* query<{ conversationId: string; userId: string }>(
      sql`SELECT "conversationId", "userId" FROM "conversation_members" WHERE "conversationId" IN ${list(stale.map((c) => c.id))} AND "leftPos" IS NULL ORDER BY "joinedAt", "userId"`,
    );
    for (const conversation of stale) {
      const ids = rows.filter((r) => r.conversationId === conversation.id).map((r) => r.userId);
      this.remember(conversation.id, { version: conversation.membersVersion, ids });
      result.set(conversation.id, ids);
    }
    return result;
  }

  private touch(conversationId: string): CachedMembers | undefined {
    const cached = this.cache.get(conversationId);
    if (cached) {
      // Re-insert so the Map's order is least recently used first.
      this.cache.delete(conversationId);
      this.cache.set(conversationId, cached);
    }
    return cached;
  }

  private remember(conversationId: string, entry: CachedMembers): void {
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(conversationId, entry);
  }
}
