import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source-options';
import { runMigrations } from '../run-migrations';

/** The maintenance database of the PostgreSQL the tests use (trust auth on the dev and CI machines), as in api-e2e. */
const adminUrl = process.env['PARLEY_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  dataSource: DataSource;
  dispose(): Promise<void>;
}

/** A migrated, empty database of the given kind, for specs that need the real engine (query plans). */
export async function openTestDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'parley-spec-'));
    const dataSource = await new DataSource(dataSourceOptions({ type: 'sqlite', file: join(dir, 'parley.sqlite'), readers: 0 })).initialize();
    await runMigrations(dataSource);
    return { dataSource, dispose: async () => (await dataSource.destroy(), rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `parley_spec_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataSource = await new DataSource(dataSourceOptions({ type: 'postgres', url: url.toString() })).initialize();
  await runMigrations(dataSource);
  return { dataSource, dispose: async () => (await dataSource.destroy(), await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}
