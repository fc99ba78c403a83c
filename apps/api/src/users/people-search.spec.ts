import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlExecutor } from '../database/sql/executor';
import { createSqlExecutor } from '../database/sql/sql-executor.provider';
import { join, sql } from '../database/sql/statement';
import { openTestDatabase, type TestDatabase } from '../database/testing/test-databases';
import { peopleSearchStatement, type SearchRow } from './people-search';

const USERS = 100_000;
const BATCH = 1_000;

/**
 * People search by substring must answer from an index on both engines: the plan of its statement,
 * on an analysed table of 100 000 users, may not walk the users table (a plan, not a timing).
 */
describe.each(['sqlite', 'postgres'] as const)('people search (%s)', (kind) => {
  let database: TestDatabase;
  let db: SqlExecutor;
  const viewer = randomUUID();
  const search = (query: string, after: string | null = null) =>
    db.all<SearchRow>(peopleSearchStatement(db.dialect, { viewerId: viewer, query, after, limit: 10 }));

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = createSqlExecutor(database.dataSource);
    const now = new Date();
    const people = [
      { username: 'tess_t', displayName: 'Tess Tester' },
      { username: 'ann', displayName: 'Ann Anderson' },
      { username: 'percent', displayName: '100% Sure' },
    ];
    await db.transaction(function* () {
      for (let start = 0; start < USERS; start += BATCH) {
        const rows = Array.from({ length: BATCH }, (_, i) => {
          const n = start + i;
          const person = people[n] ?? { username: `user${n}`, displayName: `Member ${n}` };
          const id = n === 0 ? viewer : randomUUID();
          return sql`(${id}, ${person.username}, ${person.displayName}, ${person.displayName.toLowerCase()}, ${'x'}, ${now})`;
        });
        yield sql`INSERT INTO "users" ("id", "username", "displayName", "displayNameLower", "passwordHash", "createdAt") VALUES ${join(rows)}`;
      }
      return undefined;
    });
    await database.dataSource.query('ANALYZE');
  }, 180_000);

  afterAll(async () => {
    await database?.dispose();
  });

  it('finds any word of a display name and any part of a username, never the viewer', async () => {
    expect((await search('anderson')).map((u) => u.username)).toEqual(['ann']);
    expect((await search('ster')).map((u) => u.username)).toEqual([]); // the viewer (Tess Tester) is left out
    expect((await search('ember 99999')).map((u) => u.username)).toEqual(['user99999']);
    expect((await search('ser9999', 'user99995')).map((u) => u.username)).toEqual(['user99996', 'user99997', 'user99998', 'user99999']);
    expect((await search('0% s')).map((u) => u.username)).toEqual(['percent']);
    expect(await search('"or 1=1')).toEqual([]);
  });

  it('follows renames, deletions and closed accounts', async () => {
    await db.all(sql`UPDATE "users" SET "displayName" = 'Ann Zebra', "displayNameLower" = 'ann zebra' WHERE "username" = 'ann'`);
    expect((await search('anderson')).map((u) => u.username)).toEqual([]);
    expect((await search('zebra')).map((u) => u.username)).toEqual(['ann']);
    await db.all(sql`DELETE FROM "users" WHERE "username" = 'ann'`);
    expect(await search('zebra')).toEqual([]);
    // A closed account stays a row (its messages keep their sender) but leaves the directory.
    await db.all(sql`UPDATE "users" SET "deletedAt" = "createdAt" WHERE "username" = 'percent'`);
    expect(await search('0% s')).toEqual([]);
  });

  it('answers from the trigram index, not a walk of users', async () => {
    const plan = (await db.explain(peopleSearchStatement(db.dialect, { viewerId: viewer, query: 'ember 123', after: null, limit: 51 }))).join('\n');
    if (kind === 'sqlite') {
      expect(plan).toMatch(/SCAN user_search VIRTUAL TABLE/);
      expect(plan).toMatch(/SEARCH u USING INDEX ix_users_search_key/);
      expect(plan).not.toMatch(/SCAN u\b/);
    } else {
      expect(plan).not.toMatch(/Seq Scan on users/);
      expect(plan).toMatch(/ix_users_(username|display_name)_trgm/);
    }
  });
});
