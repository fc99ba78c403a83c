import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The maintenance database of the PostgreSQL the tests may use (trust auth on the dev and CI machines). */
const adminUrl = process.env['PARLEY_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PgDatabase {
  name: string;
  /** A `postgres://` URL for DATABASE_URL. */
  url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database; `drop()` removes it even while a (stopped or crashed) server still holds connections. */
export async function createPgDatabase(): Promise<PgDatabase> {
  // Lower-case letters and digits only, so the name needs no quoting.
  const name = `parley_e2e_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
