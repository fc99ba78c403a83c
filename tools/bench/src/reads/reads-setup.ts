/**
 * Prepares the reads database: the real server creates the schema (its migrations run on the empty
 * database) and the users the bench logs in as (real argon2 hashes); then, with the server stopped,
 * the seeder process writes everything else straight into the database.
 */
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AuthResponse } from '@parley/contract';
import { post } from '../parley-setup';
import { launchParley, type ParleyDatabase } from '../parley-target';
import { forkTs, stop } from '../process-control';
import type { ReadRoleName, SeedEvent, SeedRequest, SeedResult } from './reads-types';

export const READS_PASSWORD = 'bench-reads-password-1';
const ROLES: ReadRoleName[] = ['big', 'many', 'sync', 'probe'];

export interface PreparedReads {
  seed: SeedResult;
  bootEmptyS: number;
  usernames: Record<ReadRoleName, string>;
}

async function signUpRoles(url: string): Promise<{ ids: Record<ReadRoleName, string>; usernames: Record<ReadRoleName, string> }> {
  const tag = Date.now().toString(36);
  const usernames = Object.fromEntries(ROLES.map((role) => [role, `reads_${role}_${tag}`])) as Record<ReadRoleName, string>;
  const ids = {} as Record<ReadRoleName, string>;
  for (const role of ROLES) {
    ids[role] = (await post<AuthResponse>(url, '/api/auth/signup', { username: usernames[role], password: READS_PASSWORD })).user.id;
  }
  return { ids, usernames };
}

function runSeeder(request: SeedRequest, log: (line: string) => void): Promise<SeedResult> {
  const seeder = forkTs('reads/seeder.ts');
  const done = new Promise<SeedResult>((resolve, reject) => {
    seeder.process.on('message', (event: SeedEvent) => {
      if (event.type === 'progress') log(`  seeded ${event.done.toLocaleString('en')} / ${event.total.toLocaleString('en')} messages`);
      else if (event.type === 'done') resolve(event.result);
      else reject(new Error(`seeder: ${event.error}`));
    });
    seeder.process.once('exit', (code) => reject(new Error(`seeder exited (${code}):\n${seeder.output()}`)));
  });
  seeder.process.send(request);
  return done.finally(() => stop(seeder, 1000));
}

export async function prepareReads(database: ParleyDatabase, request: Omit<SeedRequest, 'db' | 'location' | 'existing'>, log: (line: string) => void): Promise<PreparedReads> {
  const empty = await launchParley(database);
  let roles;
  try {
    roles = await signUpRoles(empty.url);
  } finally {
    await stop(empty.server);
  }
  log(`  schema by the server's migrations in ${empty.bootS.toFixed(1)} s; seeding ${request.messages.toLocaleString('en')} messages`);
  const seed = await runSeeder({ ...request, db: database.db, location: database.location, existing: roles.ids }, log);
  const prepared = { seed, bootEmptyS: empty.bootS, usernames: roles.usernames };
  await saveSeeded(database, prepared);
  return prepared;
}

/** Beside the seeded data in its data directory: what `--reuse-db` needs to measure it again. */
const SEEDED_FILE = 'reads-seed.json';

/** The database's own fields but its directory (which may have moved since), and what was seeded. */
type SeededRecord = Pick<ParleyDatabase, 'db' | 'url' | 'location'> & { prepared: PreparedReads };

/** Records a seeded database in its data directory (removed with it unless it is kept). */
async function saveSeeded(database: ParleyDatabase, prepared: PreparedReads): Promise<void> {
  const record: SeededRecord = { db: database.db, url: database.url, location: database.location, prepared };
  await writeFile(join(database.dataDir, SEEDED_FILE), JSON.stringify(record, null, 2));
}

/**
 * A database an earlier run seeded and kept (`--keep-db`), to measure again without seeding it again:
 * another build on the same data, or the same build twice. Its `drop` leaves it in place.
 */
export async function loadSeeded(dataDir: string): Promise<{ database: ParleyDatabase; prepared: PreparedReads }> {
  let record: SeededRecord;
  try {
    record = JSON.parse(await readFile(join(dataDir, SEEDED_FILE), 'utf8')) as SeededRecord;
  } catch (error) {
    throw new Error(`--reuse-db ${dataDir}: no database kept by \`--reads --keep-db\` there (${(error as Error).message})`);
  }
  const database: ParleyDatabase = { db: record.db, dataDir, url: record.url, location: record.location, drop: async () => undefined };
  return { database, prepared: record.prepared };
}

/** Megabytes on disk: the SQLite file with its WAL and shared-memory files, or the PostgreSQL database. */
export async function databaseSizeMb(database: ParleyDatabase): Promise<number> {
  let bytes = 0;
  if (database.db === 'sqlite') {
    for (const name of await readdir(database.dataDir)) {
      if (name.startsWith('parley.sqlite')) bytes += (await stat(join(database.dataDir, name))).size;
    }
  } else {
    const client = new Client({ connectionString: database.location });
    await client.connect();
    try {
      bytes = Number((await client.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size')).rows[0].size);
    } finally {
      await client.end();
    }
  }
  return Math.round(bytes / 1024 / 1024);
}
