import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from './testing/test-databases';

/** Every pooled PostgreSQL connection runs without JIT (data-source-options.ts says why). */
describe('PostgreSQL connections', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
  });

  afterAll(() => database?.dispose());

  it('have JIT compilation off, on every connection of the pool', async () => {
    // Ten at once: the pool opens a connection for each, so this is not one connection asked ten times.
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => database.dataSource.query(`SELECT current_setting('jit') AS jit, pg_backend_pid() AS pid, pg_sleep(0.05)`)),
    );
    expect(new Set(answers.map(([row]) => row.pid)).size).toBe(10);
    expect(answers.map(([row]) => row.jit)).toEqual(Array(10).fill('off'));
  });
});
