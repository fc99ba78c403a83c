import type { SqlExecutor } from '../database/sql/executor';
import { raw, sql, type Statement } from '../database/sql/statement';

/** Trigram indexes need three characters; a shorter query is a prefix search on the ordinary indexes. */
export const MIN_SUBSTRING_QUERY = 3;

export interface SearchRow {
  id: string;
  username: string;
  displayName: string;
  createdAt: Date;
  lastSeenAt: Date | null;
}

const columns = raw(`u."id", u."username", u."displayName", u."createdAt", u."lastSeenAt"`);

/** `%`, `_` and the escape itself taken literally in a LIKE pattern. */
const likeContaining = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** A query as one FTS5 phrase: a substring to the trigram tokenizer, with no operator syntax. */
const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * Everyone but the viewer (and closed accounts) whose username or lower-cased display name contains `query` (lower case,
 * at least MIN_SUBSTRING_QUERY characters), by username, after `after`. Each engine answers from its
 * trigram index: the cost is the number of matches, never the number of users.
 */
export function peopleSearchStatement(
  dialect: SqlExecutor['dialect'],
  input: { viewerId: string; query: string; after: string | null; limit: number },
): Statement {
  const after = input.after === null ? raw('') : sql` AND u."username" > ${input.after}`;
  if (dialect === 'postgres') {
    const pattern = likeContaining(input.query);
    // MATERIALIZED: the matches first, from the trigram indexes, then sorted. Without it the planner
    // (which cannot estimate a LIKE '%…%') may walk the username index in order and filter every user.
    return sql`WITH "matches" AS MATERIALIZED (
        SELECT ${columns} FROM "users" u
        WHERE (u."username" LIKE ${pattern} ESCAPE '\\' OR u."displayNameLower" LIKE ${pattern} ESCAPE '\\')
          AND u."id" <> ${input.viewerId} AND u."deletedAt" IS NULL${after})
      SELECT * FROM "matches" ORDER BY "username" LIMIT ${input.limit}`;
  }
  // CROSS JOIN fixes the order: matches first, then each user by searchKey (SQLite would otherwise
  // be free to walk users in username order and probe the index for every one).
  return sql`SELECT ${columns} FROM "user_search" CROSS JOIN "users" u ON u."searchKey" = "user_search"."rowid"
    WHERE "user_search" MATCH ${ftsPhrase(input.query)} AND u."id" <> ${input.viewerId} AND u."deletedAt" IS NULL${after}
    ORDER BY u."username" LIMIT ${input.limit}`;
}
