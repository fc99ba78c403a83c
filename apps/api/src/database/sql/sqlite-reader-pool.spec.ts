import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/test-databases';
import type { SqlExecutor } from './executor';
import { createSqlExecutor } from './sql-executor.provider';
import { MAX_PREPARED } from './sqlite-executor';
import { SqliteReaderPool } from './sqlite-reader-pool';
import { READER_SOURCE } from './sqlite-reader-source';
import { sql } from './statement';

/** A read whose cost is pure CPU inside SQLite (a few hundred ms), the stand-in for a heavy page. */
const heavy = sql`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${3_000_000}) SELECT count(*) AS "n" FROM c`;
const cheap = sql`SELECT ${1} AS "n"`;

/** The OS threads of this process (Linux): each reader is one. */
const threads = () => readdirSync('/proc/self/task').length;

/** Starts both reads at once and says which answered first. */
async function firstToAnswer(db: SqlExecutor): Promise<string> {
  const order: string[] = [];
  await Promise.all([db.all(heavy).then(() => order.push('heavy')), db.all(cheap).then(() => order.push('cheap'))]);
  return order[0];
}

describe('SQLite reader threads', () => {
  let database: TestDatabase;
  let db: SqlExecutor;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    db = createSqlExecutor(database.dataSource, 2);
  });

  afterAll(async () => {
    await db?.close();
    await database?.dispose();
  });

  it('runs a heavy read beside the event loop: the call returns at once and a cheap read answers first', async () => {
    const started = performance.now();
    const read = db.all<{ n: number }>(heavy);
    const held = performance.now() - started;
    const [{ n }] = await read;
    const total = performance.now() - started;
    expect(n).toBe(3_000_000);
    expect(held).toBeLessThan(total / 4);
    expect(await firstToAnswer(db)).toBe('cheap');
  });

  it('runs a lookup on the main connection: it answers while every reader thread is busy, and sees the latest write', async () => {
    const heavyReads = [db.all(heavy), db.all(heavy), db.all(heavy)];
    let heavyDone = 0;
    for (const read of heavyReads) void read.then(() => heavyDone++);
    await db.transaction(function* () {
      yield sql`UPDATE "stream_counter" SET "value" = ${4242} WHERE "id" = 1`;
    });
    const [row] = await db.lookup<{ value: number }>(sql`SELECT "value" FROM "stream_counter" WHERE "id" = 1`);
    expect(row.value).toBe(4242);
    expect(heavyDone).toBe(0);
    await Promise.all(heavyReads);
  });

  it('refuses a write passed as a lookup, and leaves the data as it was', async () => {
    await expect(db.lookup(sql`UPDATE "stream_counter" SET "value" = ${1} WHERE "id" = 1`)).rejects.toThrow(/lookup\(\) is for reads/);
    const [row] = await db.lookup<{ value: number }>(sql`SELECT "value" FROM "stream_counter" WHERE "id" = 1`);
    expect(row.value).not.toBe(1);
  });

  it('sees every write committed before the read was asked for', async () => {
    for (let value = 1; value <= 200; value++) {
      await db.transaction(function* () {
        yield sql`UPDATE "stream_counter" SET "value" = ${value} WHERE "id" = 1`;
      });
      const [row] = await db.all<{ value: number }>(sql`SELECT "value" FROM "stream_counter" WHERE "id" = 1`);
      expect(row.value).toBe(value);
    }
  });

  it('turns datetime columns into Dates, as the main connection does', async () => {
    const [row] = await db.all<{ createdAt: Date; other: string }>(sql`SELECT ${'2026-01-02 03:04:05.678'} AS "createdAt", ${'2026-01-02 03:04:05.678'} AS "other"`);
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(row.createdAt.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(row.other).toBe('2026-01-02 03:04:05.678');
  });

  it('answers with the rows the main connection gives: every column by name and in order, several rows, NULLs and a repeated name', async () => {
    const read = sql`WITH t(n) AS (VALUES (1), (2), (3))
      SELECT n AS "n", n * 1.5 AS "half", ${'2026-01-02 03:04:05.678'} AS "createdAt", NULL AS "deletedAt", 'a' || n AS "name", n AS "dup", -n AS "dup" FROM t`;
    const onMain = await createSqlExecutor(database.dataSource, 0).all<Record<string, unknown>>(read);
    const onReader = await db.all<Record<string, unknown>>(read);
    expect(onReader).toEqual(onMain);
    expect(onReader.map((row) => Object.keys(row))).toEqual(onMain.map((row) => Object.keys(row)));
    expect(onReader[2]).toEqual({ n: 3, half: 4.5, createdAt: new Date('2026-01-02T03:04:05.678Z'), deletedAt: null, name: 'a3', dup: -3 });
    expect(await db.all(sql`SELECT 1 AS "n" WHERE 0`)).toEqual([]);
  });

  it('fails a read with the error the main connection would throw: SqliteError, message and code', async () => {
    const bad = sql`SELECT json_extract(${'not json'}, '$') AS "x"`;
    const onMain = await createSqlExecutor(database.dataSource, 0).all(bad).catch((error: unknown) => error);
    const onReader = await db.all(bad).catch((error: unknown) => error);
    expect(onMain).toBeInstanceOf(Database.SqliteError);
    expect(onReader).toBeInstanceOf(Database.SqliteError);
    expect(onReader).toMatchObject({ message: (onMain as Error).message, code: 'SQLITE_ERROR' });
  });

  it('keeps a write that returns rows on the main connection (the readers are read-only)', async () => {
    const [row] = await db.all<{ value: number }>(sql`UPDATE "stream_counter" SET "value" = ${7} WHERE "id" = 1 RETURNING "value"`);
    expect(row.value).toBe(7);
  });

  it('reads on the main connection again once closed, and leaves no thread behind', async () => {
    const executor = createSqlExecutor(database.dataSource, 3);
    await executor.all(cheap);
    const open = threads();
    await executor.close();
    expect(threads()).toBeLessThanOrEqual(open - 3);
    expect(await executor.all<{ n: number }>(cheap)).toEqual([{ n: 1 }]);
    expect(await firstToAnswer(executor)).toBe('heavy');
  });
});

describe('a reader thread that dies', () => {
  let database: TestDatabase;
  let file: string;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    file = (database.dataSource.driver as unknown as { databaseConnection: Database.Database }).databaseConnection.name;
  });

  afterAll(async () => {
    await database?.dispose();
  });

  it('fails its read with a clear error, is replaced, and the pool goes on reading', async () => {
    // The thread's own code, plus a way to make it exit in the middle of a read.
    const source = `require('node:worker_threads').parentPort.on('message', (m) => { if (m.text === 'die') process.exit(7); });\n${READER_SOURCE}`;
    const pool = new SqliteReaderPool({ file, size: 1, busyTimeoutMs: 1_000, maxPrepared: MAX_PREPARED, source });
    try {
      await expect(pool.all('die', [])).rejects.toThrow('The SQLite reader thread running this read exited (code 7)');
      expect(pool.open).toBe(true);
      await expect(pool.all('SELECT ? AS "n"', [5])).resolves.toEqual([{ n: 5 }]);
    } finally {
      await pool.close();
    }
    await expect(pool.all('SELECT 1', [])).rejects.toThrow(/closed/);
  });

  it('is not restarted when it could not open the database, and no read waits for it', async () => {
    const pool = new SqliteReaderPool({ file: `${file}.missing`, size: 2, busyTimeoutMs: 1_000, maxPrepared: MAX_PREPARED });
    try {
      await expect(pool.all('SELECT 1', [])).rejects.toThrow(/exited|No SQLite reader thread could start/);
      await expect.poll(() => pool.open).toBe(false);
    } finally {
      await pool.close();
    }
  });
});

describe('an in-memory database', () => {
  it('has no reader threads (a second connection would see another database): reads stay on the main connection', async () => {
    const dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    try {
      expect(await firstToAnswer(createSqlExecutor(dataSource, 2))).toBe('heavy');
    } finally {
      await dataSource.destroy();
    }
  });
});
