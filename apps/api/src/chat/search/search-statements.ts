import type { Dialect } from '../../database/sql/executor';
import { join, sql, type Statement } from '../../database/sql/statement';
import type { SearchTerm } from './search-query';

export interface SearchRequest {
  userId: string;
  terms: readonly SearchTerm[];
  conversationId?: string;
  /** Only messages with a lower search key (the previous page's cursor). */
  before?: number;
  limit: number;
}

/** Only the caller's conversations as of now: membership is read by the search itself. */
const mine = (userId: string) => sql`SELECT "conversationId" FROM "conversation_members" WHERE "userId" = ${userId} AND "leftPos" IS NULL`;

/** FTS5 query strings: each phrase quoted, so nothing the user types is read as query syntax. */
const ftsPhrase = (term: SearchTerm) => `"${term.tokens.join(' ')}"${term.asPrefix ? '*' : ''}`;
const ftsSubstring = (term: SearchTerm) => `"${term.text.replace(/"/g, '""')}"`;

/** tsquery text of quoted lexemes (tokens hold only letters, digits and marks: nothing to escape). */
const tsPhrase = (term: SearchTerm) => term.tokens.map((t, i) => `'${t}'${term.asPrefix && i === term.tokens.length - 1 ? ':*' : ''}`).join(' <-> ');
const likeSubstring = (term: SearchTerm) => `%${term.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * SQLite: each term is the set of search keys it matches in the word index (and, for 3+ characters,
 * the trigram index), the sets are intersected, and only then joined to the messages by the unique
 * search key (CROSS JOIN keeps that order) and filtered by membership — the cost follows the hits,
 * never the size of the messages table.
 */
function sqliteSearch(r: SearchRequest): Statement {
  const below = r.before === undefined ? sql`` : sql` AND "rowid" < ${r.before}`;
  const sets = r.terms.map((term) => {
    const words = sql`SELECT "rowid" AS "key" FROM "message_words" WHERE "message_words" MATCH ${ftsPhrase(term)}${below}`;
    if (!term.asSubstring) return sql`SELECT "key" FROM (${words})`;
    return sql`SELECT "key" FROM (${words} UNION SELECT "rowid" FROM "message_trigrams" WHERE "message_trigrams" MATCH ${ftsSubstring(term)}${below})`;
  });
  const inConversation = r.conversationId ? sql` AND m."conversationId" = ${r.conversationId}` : sql``;
  return sql`WITH "hits" ("key") AS (${join(sets, ' INTERSECT ')})
    SELECT m.* FROM "hits" h CROSS JOIN "messages" m ON m."searchKey" = h."key"
    WHERE m."conversationId" IN (${mine(r.userId)})${inConversation} AND m."deletedAt" IS NULL AND m."kind" = 'text'
    ORDER BY h."key" DESC LIMIT ${r.limit}`;
}

/**
 * PostgreSQL: every term is a condition the planner answers from the GIN indexes (the tsvector's for
 * words, prefixes and phrases, pg_trgm's on the folded body for substrings), combined as bitmaps.
 */
function postgresSearch(r: SearchRequest): Statement {
  const conditions = r.terms.map((term) => {
    const words = sql`m."search" @@ to_tsquery('simple', public.parley_search_text(${tsPhrase(term)}))`;
    return term.asSubstring ? sql`(${words} OR public.parley_fold(m."body") LIKE public.parley_fold(${likeSubstring(term)}))` : words;
  });
  const inConversation = r.conversationId ? sql` AND m."conversationId" = ${r.conversationId}` : sql``;
  const below = r.before === undefined ? sql`` : sql` AND m."searchKey" < ${r.before}`;
  return sql`SELECT m.* FROM "messages" m
    WHERE ${join(conditions, ' AND ')} AND m."kind" = 'text' AND m."deletedAt" IS NULL${below}
      AND m."conversationId" IN (${mine(r.userId)})${inConversation}
    ORDER BY m."searchKey" DESC LIMIT ${r.limit}`;
}

/** The one search statement of a request, for the service and for the plan test. */
export function searchStatement(dialect: Dialect, request: SearchRequest): Statement {
  return dialect === 'sqlite' ? sqliteSearch(request) : postgresSearch(request);
}

