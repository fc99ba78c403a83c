import { join, raw, sql, type Statement } from '../../database/sql/statement';
import { messageColumns } from '../stream/message-rows';
import type { SearchTerm } from './search-query';

export interface SearchRequest {
  userId: string;
  terms: readonly SearchTerm[];
  conversationId?: string;
  /** Only messages with a lower search key (the previous page's cursor). */
  before?: number;
  limit: number;
}

/**
 * SQLite looks at most this many of the newest matches per page. The full-text index is server-wide,
 * so a common word can match millions of other people's messages; better-sqlite3 runs on the event
 * loop, so the work of one request is bounded, and a page that reached the bound before it filled
 * up comes back short with a cursor to go on from.
 */
export const SEARCH_SCAN_MAX = 5_000;

/** Only the caller's conversations as of now: membership is read by the search itself. */
const mine = (userId: string) => sql`SELECT "conversationId" FROM "conversation_members" WHERE "userId" = ${userId} AND "leftPos" IS NULL`;

/** FTS5 query strings: each phrase quoted, so nothing the user types is read as query syntax. */
const ftsPhrase = (term: SearchTerm) => `"${term.tokens.join(' ')}"${term.asPrefix ? '*' : ''}`;
const ftsSubstring = (term: SearchTerm) => `"${term.text.replace(/"/g, '""')}"`;

/** tsquery text of quoted lexemes (tokens hold only letters, digits and marks: nothing to escape). */
const tsPhrase = (term: SearchTerm) =>
  term.tokens.map((t, i) => `'${t}'${(term.asPrefix || term.startsWord) && i === term.tokens.length - 1 ? ':*' : ''}`).join(' <-> ');
const likeSubstring = (term: SearchTerm) => `%${term.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The two FTS5 expressions of a request: every term in exactly one of them, ANDed. */
function ftsExpressions(terms: readonly SearchTerm[]) {
  const words = terms.filter((t) => !t.asSubstring).map(ftsPhrase);
  const trigrams = terms.filter((t) => t.asSubstring).map(ftsSubstring);
  return { words: words.length ? words.join(' AND ') : null, trigrams: trigrams.length ? trigrams.join(' AND ') : null };
}

/**
 * SQLite, step 1: the newest matches of one index (the word index when the request has word terms,
 * whose postings are the more selective), walked newest first straight from the index and cut at
 * SEARCH_SCAN_MAX.
 */
export function sqliteCandidates(r: SearchRequest): Statement {
  const { words, trigrams } = ftsExpressions(r.terms);
  const [table, expression] = words ? (['message_words', words] as const) : (['message_trigrams', trigrams] as const);
  const below = r.before === undefined ? sql`` : sql` AND "rowid" < ${r.before}`;
  return sql`SELECT "rowid" AS "key" FROM "${raw(table)}" WHERE "${raw(table)}" MATCH ${expression}${below} ORDER BY "rowid" DESC LIMIT ${SEARCH_SCAN_MAX}`;
}

/**
 * SQLite, step 2: those candidates' messages by their unique search key, kept if the other index
 * matches them too (one seek each), the message is live and in one of the caller's conversations now.
 * All of them when some term is still to be checked on the text (`startsWord`), else the page's worth.
 * The conversation is read from the (searchKey, conversationId) index, so a candidate of someone
 * else's is dropped without reading its row; `+` keeps the planner from seeking that index once per
 * candidate and conversation of the caller's (2,499 × 200 seeks instead of 2,499: 170 ms at 5M).
 */
export function sqliteMessages(r: SearchRequest, keys: readonly number[]): Statement {
  const { words, trigrams } = ftsExpressions(r.terms);
  const alsoTrigrams = words && trigrams
    ? sql` AND EXISTS (SELECT 1 FROM "message_trigrams" t WHERE "message_trigrams" MATCH ${trigrams} AND t."rowid" = m."searchKey")`
    : sql``;
  const inConversation = r.conversationId ? sql` AND m."conversationId" = ${r.conversationId}` : sql``;
  return sql`SELECT ${messageColumns('m')} FROM "messages" m
    WHERE m."searchKey" IN (SELECT "value" FROM json_each(${JSON.stringify(keys)}))${alsoTrigrams}
      AND +m."conversationId" IN (${mine(r.userId)})${inConversation} AND m."deletedAt" IS NULL AND m."kind" = 'text'
    ORDER BY m."searchKey" DESC LIMIT ${r.terms.some((t) => t.startsWord) ? keys.length : r.limit}`;
}

/**
 * PostgreSQL, one term's condition: words, prefixes, phrases and CJK through the tsvector's GIN index;
 * substrings through pg_trgm's on the folded body. A prefix of 3+ characters (`startsWord`) is found as
 * a substring and kept where a word starts with it, as on SQLite: the planner estimates a substring
 * from the folded body's statistics (a tsvector prefix it costs at ~2% whatever it matches), and the
 * trigram index intersects one conversation's postings where a tsvector prefix merges every word's.
 */
function postgresCondition(term: SearchTerm): Statement {
  if (!term.asSubstring) return sql`m."search" @@ to_tsquery('simple', public.parley_search_text(${tsPhrase(term)}))`;
  const substring = sql`public.parley_fold(m."body") LIKE public.parley_fold(${likeSubstring(term)})`;
  // A substring term's text is one word of letters, digits and marks: nothing in it is regex syntax.
  // [:alnum:] is the database's LC_CTYPE's: Unicode letters under a UTF-8 locale (C.UTF-8 included), ASCII under C.
  return term.startsWord ? sql`${substring} AND public.parley_fold(m."body") ~ ('(^|[^[:alnum:]])' || public.parley_fold(${term.text}))` : substring;
}

/**
 * PostgreSQL: the newest matches of the caller's conversations, merged without reading each
 * conversation's page of them. Step 1 asks every conversation for its newest match alone (a common
 * word: the first row or two of its ("conversationId", "searchKey") index; a rare one: its postings in
 * that conversation, from the GIN index led by the conversation). The page is among the `limit`
 * conversations with the newest of those, and no older than the `limit`-th of them (the floor):
 * those `limit` matches are at or above it, and any other conversation's newest is below it. Step 2
 * reads those conversations' matches at or above the floor, a short walk each. Fewer conversations
 * than `limit` with a match: each of them gives up to a page, no floor.
 * Before, every conversation gave a page of its own: 200 x 21 matches read and sorted for one page
 * of 21 (47 ms for "staging" at 5M messages in the bench's `--reads`).
 */
export function postgresSearch(r: SearchRequest): Statement {
  const below = r.before === undefined ? sql`` : sql` AND m."searchKey" < ${r.before}`;
  const matches = sql`${join(r.terms.map(postgresCondition), ' AND ')} AND m."kind" = 'text' AND m."deletedAt" IS NULL${below}`;
  const inConversation = r.conversationId ? sql` AND "conversationId" = ${r.conversationId}` : sql``;
  return sql`WITH "newest" AS MATERIALIZED (
      SELECT c."conversationId", n."searchKey" FROM (${mine(r.userId)}${inConversation}) c CROSS JOIN LATERAL (
        SELECT m."searchKey" FROM "messages" m WHERE m."conversationId" = c."conversationId" AND ${matches}
        ORDER BY m."searchKey" DESC LIMIT 1
      ) n
      ORDER BY n."searchKey" DESC LIMIT ${r.limit}
    ), "floor" AS (SELECT CASE WHEN count(*) = ${r.limit} THEN min("searchKey") ELSE 0 END AS "key" FROM "newest")
    SELECT found.* FROM "newest" c CROSS JOIN LATERAL (
      SELECT ${messageColumns('m')} FROM "messages" m
      WHERE m."conversationId" = c."conversationId" AND ${matches} AND m."searchKey" >= (SELECT "key" FROM "floor")
      ORDER BY m."searchKey" DESC LIMIT ${r.limit}
    ) found
    ORDER BY found."searchKey" DESC LIMIT ${r.limit}`;
}
