import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeavyReads } from '../../database/heavy-reads';
import { createSqlExecutor } from '../../database/sql/sql-executor.provider';
import type { SqlExecutor } from '../../database/sql/executor';
import { join, sql } from '../../database/sql/statement';
import { seedDirectConversations } from '../../database/testing/seed-conversations';
import { openTestDatabase, type TestDatabase } from '../../database/testing/test-databases';
import { MembershipService } from '../membership.service';
import { MessagePresenter, presenterStatements } from '../message-presenter';
import { SearchService } from './search.service';
import { SearchIndex } from './search-index';
import { parseSearch } from './search-query';
import { postgresSearch, sqliteCandidates, sqliteMessages, type SearchRequest } from './search-statements';
import { AttachmentPresenter } from '../../uploads/attachment-presenter';
import { UploadLinks } from '../../uploads/upload-links';
import { insertUpload, uploadsOfMessages } from '../../uploads/upload-rows';

const WORDS = ['hello', 'world', 'lunch', 'meeting', 'tomorrow', 'parley', 'deploy', 'coffee', 'review', 'ticket'];

/**
 * Search must cost what it finds, not what the server holds: on a database of 30 000 indexed and
 * analysed messages, the plans of the search statements go through the full-text and trigram
 * indexes and reach messages by key (SQLite), or go through the caller's conversations and an index
 * of each (PostgreSQL), never by scanning the table (a plan, not a timing).
 */
describe.each(['sqlite', 'postgres'] as const)('search query plans (%s)', (kind) => {
  let database: TestDatabase;
  let db: SqlExecutor;
  let caller: string;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = createSqlExecutor(database.dataSource);
    const index = new SearchIndex(db);
    const { users } = await seedDirectConversations(db, () => database.dataSource.query('ANALYZE'), {
      body: (pos) => `${WORDS[pos % WORDS.length]} ${WORDS[(pos * 3) % WORDS.length]} item${pos % 997} code${pos}`,
      *more({ id: conversationId, otherId, messages }) {
        yield* index.add(messages.map((m) => ({ searchKey: m.pos, body: m.body, kind: 'text' })));
        // Some reactions, so the planner knows the table is not tiny.
        yield sql`INSERT INTO "message_reactions" ("messageId", "emoji", "userId", "createdAt", "pos") VALUES ${join(
          messages.slice(0, 20).map((m) => sql`(${m.id}, ${'👍'}, ${otherId}, ${new Date()}, ${m.pos})`),
        )}`;
        // And some files, attached and not.
        for (const [i, m] of messages.slice(0, 10).entries()) {
          const id = randomUUID();
          yield insertUpload({
            id, uploaderId: otherId, name: 'f.bin', size: 10, contentType: 'application/octet-stream', kind: 'file', width: null, height: null,
            storageKey: id, thumbnailKey: null, messageId: i < 8 ? m.id : null, conversationId: i < 8 ? conversationId : null, position: i < 8 ? 0 : null, createdAt: new Date(),
          });
        }
      },
    });
    caller = users[0];
  }, 180_000);

  afterAll(async () => {
    await database?.dispose();
  });

  const scansMessages = (plan: string[]) =>
    plan.some((line) => (kind === 'sqlite' ? /\bSCAN (m|messages|"messages")\b(?! VIRTUAL)/.test(line) : /Seq Scan on messages/.test(line)));
  /**
   * PostgreSQL asks each of the caller's conversations for its newest matches: through the caller's
   * memberships, then per conversation an index led by the conversation (its rows by search key, or
   * its GIN postings), never a server-wide index. (This database's memberships are a few dozen rows,
   * which the planner may read whole rather than through ix_conversation_members_user.)
   */
  const perConversation = (lines: string[]) => {
    const plan = lines.join('\n');
    return /Nested Loop/.test(plan) && /Scan (using ix_conversation_members_user )?on conversation_members\b/.test(plan) &&
      /Index Scan (Backward )?(using|on) ix_messages_conversation_(search_key|search|body_trgm)\b/.test(plan) &&
      !/Index Scan (Backward )?(using|on) ix_messages_(search|body_trgm)\b/.test(plan);
  };
  /** The search service on this database, as the server wires it. */
  const searchService = () => {
    const presenter = new MessagePresenter(db, new AttachmentPresenter(db, new UploadLinks({ linkTtlSeconds: 3600, linkSecret: Buffer.from('k') } as never)));
    return new SearchService(db, new MembershipService(db), presenter, new HeavyReads());
  };
  /** Every statement one search runs, explained; SQLite's second step with a few candidate keys. */
  const plan = async (q: string, extra: { before?: number; conversationId?: string } = {}) => {
    const request: SearchRequest = { userId: caller, terms: parseSearch(q), limit: 21, ...extra };
    if (kind === 'postgres') return db.explain(postgresSearch(request));
    return [...(await db.explain(sqliteCandidates(request))), ...(await db.explain(sqliteMessages(request, [1, 2, 3])))];
  };

  it('words and prefixes go through the word index and reach messages by search key', async () => {
    const lines = await plan('"item42" lu me', { before: 20_000 });
    expect(scansMessages(lines), lines.join('\n')).toBe(false);
    if (kind === 'sqlite') {
      expect(lines.join('\n')).toMatch(/SCAN message_words VIRTUAL TABLE/);
      // The conversation is checked on the index: one seek per candidate, none per conversation of the caller's.
      expect(lines.join('\n')).toMatch(/SEARCH m USING INDEX ux_messages_search_key_conversation \(searchKey=\?\)(?! AND)/);
    } else {
      expect(perConversation(lines), lines.join('\n')).toBe(true);
    }
  });

  it('substrings go through the trigram index, alone or checked per candidate of the word index', async () => {
    for (const q of ['tem42', 'tem42 lu']) {
      const lines = await plan(q);
      expect(scansMessages(lines), lines.join('\n')).toBe(false);
      if (kind === 'sqlite') expect(lines.join('\n')).toMatch(/SCAN (t EXISTS|message_trigrams) VIRTUAL TABLE/);
      else expect(perConversation(lines), lines.join('\n')).toBe(true);
    }
  });

  it('phrases and CJK characters go through the word index', async () => {
    for (const q of ['"item42 code42"', '東京']) {
      const lines = await plan(q);
      expect(scansMessages(lines), lines.join('\n')).toBe(false);
      if (kind === 'sqlite') expect(lines.join('\n')).toMatch(/message_words VIRTUAL TABLE/);
      else expect(perConversation(lines), lines.join('\n')).toBe(true);
    }
  });

  it('a page’s reactions and reply previews are key lookups', async () => {
    for (const statement of [presenterStatements.reactions([randomUUID(), randomUUID()]), presenterStatements.replyTargets([randomUUID()])]) {
      const lines = await db.explain(statement);
      expect(scansMessages(lines), lines.join('\n')).toBe(false);
      expect(lines.join('\n')).not.toMatch(/SCAN message_reactions|Seq Scan on message_reactions/);
    }
  });

  it('a page’s attachments are an index lookup', async () => {
    const lines = await db.explain(uploadsOfMessages([randomUUID(), randomUUID(), randomUUID()]));
    expect(lines.join('\n')).not.toMatch(/SCAN uploads\b(?! USING)|Seq Scan on uploads/);
    expect(lines.join('\n')).toMatch(/ix_uploads_message/);
  });

  it('a page that reaches the scan bound comes back with a cursor, and following it finds every match once', async () => {
    const service = searchService();
    const [{ conversationId }] = await db.all<{ conversationId: string }>(
      sql`SELECT "conversationId" FROM "conversation_members" WHERE "userId" = ${caller} ORDER BY "conversationId" LIMIT 1`,
    );
    for (const scope of [{}, { conversationId }]) {
      const found: string[] = [];
      let shortPages = 0;
      let before: string | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const page = await service.search(caller, { q: 'lunch', limit: 50, ...scope, ...(before ? { before } : {}) });
        found.push(...page.items.map((h) => h.message.id));
        if (!page.nextCursor) break;
        if (page.items.length < 50) shortPages += 1;
        before = page.nextCursor;
      }
      const inScope = 'conversationId' in scope ? sql` AND m."conversationId" = ${conversationId}` : sql``;
      const [{ n }] = await db.all<{ n: number }>(sql`SELECT count(*) AS "n" FROM "messages" m JOIN "conversation_members" cm ON cm."conversationId" = m."conversationId"
        WHERE cm."userId" = ${caller} AND (m."body" LIKE ${'lunch %'} OR m."body" LIKE ${'% lunch %'})${inScope}`);
      expect(Number(n)).toBeGreaterThan(0);
      expect(new Set(found).size).toBe(found.length);
      expect(found.length).toBe(Number(n));
      // One conversation's matches are spread thinly over the server's: SQLite's bounded walk returns short pages.
      if (kind === 'sqlite' && 'conversationId' in scope) expect(shortPages).toBeGreaterThan(0);
    }
  });

  it('small pages over more conversations than a page hold every match once, newest first', async () => {
    // 3 a page over the caller's 10 conversations: PostgreSQL's page comes from the 4 conversations
    // with the newest matches, cut at the floor of their newest; a wrong floor loses or reorders hits.
    // Of the seeded words only "lunch" starts with "lun", so both queries have the same answer.
    const service = searchService();
    for (const q of ['lunch', 'lun*']) {
      const found: string[] = [];
      let before: string | undefined;
      for (let pages = 0; pages < 2_000; pages++) {
        const page = await service.search(caller, { q, limit: 3, ...(before ? { before } : {}) });
        found.push(...page.items.map((h) => h.message.id));
        if (!page.nextCursor) break;
        before = page.nextCursor;
      }
      const expected = await db.all<{ id: string }>(sql`SELECT m."id" FROM "messages" m JOIN "conversation_members" cm ON cm."conversationId" = m."conversationId"
        WHERE cm."userId" = ${caller} AND (m."body" LIKE ${'lunch %'} OR m."body" LIKE ${'% lunch %'}) ORDER BY m."searchKey" DESC`);
      const conversations = await db.all<{ n: number }>(sql`SELECT count(*) AS "n" FROM "conversation_members" WHERE "userId" = ${caller}`);
      expect(Number(conversations[0].n)).toBeGreaterThan(4);
      expect(expected.length).toBeGreaterThan(100);
      expect(found, q).toEqual(expected.map((r) => r.id));
    }
  });

  it('the guard can fail: a LIKE over the messages table is a scan', async () => {
    const lines = await db.explain(sql`SELECT * FROM "messages" WHERE "body" LIKE ${'%tem42%'} ORDER BY "searchKey" DESC LIMIT 20`);
    expect(scansMessages(lines), lines.join('\n')).toBe(true);
  });
});
