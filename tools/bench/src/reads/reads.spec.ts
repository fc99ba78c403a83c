import Database from 'better-sqlite3';
import { ConversationKind, MessageKind } from '@parley/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type ParleyDatabase } from '../parley-target';
import { formatReadsTable } from './reads-report';
import { loadSeeded, prepareReads, type PreparedReads } from './reads-setup';
import type { ReadsOptions } from './reads-types';
import { RARE_WORD } from './seed-rows';
import { SEARCH_INDEX_TABLES, SEARCHABLE_MESSAGES } from './seed-tables';
import { runReads } from './run-reads';

/** Rows that break what the server's writes guarantee; each query must return none. */
const VIOLATIONS: Record<string, string> = {
  'stream counter is the highest position': `SELECT 1 FROM "stream_counter" WHERE "value" <> (SELECT MAX("pos") FROM "messages")`,
  'positions are one gap-free stream': `SELECT 1 FROM (SELECT COUNT(*) AS n, COUNT(DISTINCT "pos") AS d, MAX("pos") AS top FROM "messages") WHERE n <> top OR d <> n`,
  'changePos is the conversation’s last position': `SELECT 1 FROM "conversations" c WHERE "changePos" <> (SELECT MAX("pos") FROM "messages" m WHERE m."conversationId" = c."id")`,
  'lastSeq counts seq 1..n': `SELECT 1 FROM "conversations" c WHERE "lastSeq" <> (SELECT COUNT(*) FROM "messages" m WHERE m."conversationId" = c."id")
                              OR "lastSeq" <> (SELECT MAX("seq") FROM "messages" m WHERE m."conversationId" = c."id")`,
  'updatedAt is the last message’s time': `SELECT 1 FROM "conversations" c WHERE "updatedAt" <> (SELECT "createdAt" FROM "messages" m WHERE m."conversationId" = c."id" AND m."seq" = c."lastSeq")`,
  'read marker at the member’s own last message': `SELECT 1 FROM "conversation_members" cm WHERE "lastReadSeq" <>
        COALESCE((SELECT MAX("seq") FROM "messages" m WHERE m."conversationId" = cm."conversationId" AND m."senderId" = cm."userId"), 0)`,
  'every sender is a member': `SELECT 1 FROM "messages" m WHERE NOT EXISTS (SELECT 1 FROM "conversation_members" cm WHERE cm."conversationId" = m."conversationId" AND cm."userId" = m."senderId")`,
  'direct conversations: two members, keyed by the sorted pair': `SELECT 1 FROM "conversations" c WHERE "kind" = '${ConversationKind.Direct}' AND "directKey" IS NOT
        (SELECT GROUP_CONCAT("userId", ':') FROM (SELECT "userId" FROM "conversation_members" WHERE "conversationId" = c."id" ORDER BY "userId"))`,
  'a group opens with its creator’s system line': `SELECT 1 FROM "conversations" c JOIN "messages" m ON m."conversationId" = c."id" AND m."seq" = 1
        WHERE c."kind" = '${ConversationKind.Group}' AND (m."kind" <> '${MessageKind.System}' OR m."senderId" <> c."createdBy")`,
  ...searchIndexViolations(),
};

/**
 * The search index (SQLite's two FTS5 tables) holds exactly the text messages with the word, by searchKey,
 * for a word of many bodies and the rare one, in each table.
 */
function searchIndexViolations(): Record<string, string> {
  const entries = SEARCH_INDEX_TABLES.flatMap((table) =>
    ['staging', RARE_WORD].map((word) => {
      const indexed = `SELECT "rowid" FROM "${table}" WHERE "${table}" MATCH '${word}'`;
      const stored = `SELECT "searchKey" FROM "messages" WHERE ${SEARCHABLE_MESSAGES} AND "body" LIKE '%${word}%'`;
      return [`${table} finds "${word}" in exactly the messages that have it`, `SELECT * FROM (${stored} EXCEPT ${indexed}) UNION ALL SELECT * FROM (${indexed} EXCEPT ${stored})`];
    }),
  );
  return Object.fromEntries(entries);
}

const options: ReadsOptions = { messages: 20_000, samples: 10, warmup: 3, guardClients: 4, guardS: 2, syncRuns: 1, keepDb: false };

describe('reads at scale on a tiny database', () => {
  let database: ParleyDatabase | null = null;
  let prepared: PreparedReads;
  afterAll(() => database?.drop());

  it('seeds a database that keeps every invariant of the server’s writes, with the schema its migrations made', async () => {
    database = await createDatabase('sqlite');
    prepared = await prepareReads(database, { messages: options.messages }, () => undefined);
    expect(prepared.seed.messages).toBe(options.messages);
    const db = new Database(database.location, { readonly: true });
    try {
      for (const [invariant, query] of Object.entries(VIOLATIONS)) expect(db.prepare(query).all(), invariant).toEqual([]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const indexes = (db.prepare(`SELECT "sql" FROM sqlite_master WHERE "type" = 'index'`).all() as { sql: string }[]).map((r) => r.sql);
      expect(prepared.seed.rebuiltIndexes.length).toBeGreaterThan(0);
      expect(indexes).toEqual(expect.arrayContaining(prepared.seed.rebuiltIndexes));
    } finally {
      db.close();
    }
  });

  it('measures every read against the seeded server, each answer checked, on the database as kept for --reuse-db', async () => {
    expect((await loadSeeded(database!.dataDir)).prepared).toEqual(prepared);
    await expect(runReads('postgres', { ...options, reuseDb: database!.dataDir })).rejects.toThrow(/holds a sqlite database: say --db sqlite/);
    await expect(loadSeeded(database!.dataDir + '-missing')).rejects.toThrow(/no database kept by `--reads --keep-db` there/);
    const result = await runReads('sqlite', { ...options, reuseDb: database!.dataDir });
    expect(result.seed).toEqual(prepared.seed);
    expect(result.errors, JSON.stringify(result.reads)).toBe(0);
    expect(result.sync.consistent).toBe(true);
    expect(result.sync.median.messages).toBe(prepared.seed.syncMissed);
    // The warm-up requests are not among the samples; the first request after boot is timed apart.
    for (const read of Object.values(result.reads)) expect(read.ms.count).toBe(options.samples);
    expect(result.firstRequest.read).toBe('latest page');
    expect(result.firstRequest.ms).toBeGreaterThan(0);
    expect(result.floor.ms.count).toBe(options.samples);
    expect(formatReadsTable([result])).toContain('the floor');
    for (const guard of [result.guardOne, result.guard]) {
      expect(guard.loop.requests).toBeGreaterThan(0);
      expect(guard.cheapUnderLoad.count).toBeGreaterThan(0);
    }
    expect([result.guardOne.clients, result.guard.clients]).toEqual([1, options.guardClients]);
    expect(result.sizeMb.seeded).toBeGreaterThan(0);
    expect(formatReadsTable([result])).toContain('full sync');
    // Measuring again leaves the database where it was (drop is the test's own, afterwards).
    expect((await loadSeeded(database!.dataDir)).database.location).toBe(database!.location);
  });
});
