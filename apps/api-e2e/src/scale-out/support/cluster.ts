import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgDatabase, type PgDatabase } from '../../support/postgres';
import { startServer, type DatabaseKind, type ServerEnv, type TestServer } from '../../support/server';

/** Several API processes on their own ports, sharing one database, one Redis and one JWT secret. */
export interface Cluster {
  readonly servers: TestServer[];
  readonly databaseUrl: string;
  /** The SQLite file when the database is SQLite. */
  readonly sqliteFile?: string;
  dispose(): Promise<void>;
}

/** REDIS_ADAPTER: how Socket.IO events cross processes (see the API's redis.config.ts). */
export type AdapterKind = 'classic' | 'sharded';

export interface ClusterOptions {
  size: number;
  database: DatabaseKind;
  redisUrl: string;
  /** Default classic. */
  adapter?: AdapterKind;
  env?: ServerEnv;
}

export interface ClusterVariant {
  database: DatabaseKind;
  adapter: AdapterKind;
}

/**
 * What the cross-process suites run on: each database with the classic adapter, and PostgreSQL (the
 * database of a real scale-out) with the sharded one. The adapter carries the events, the database
 * nothing adapter-specific, so one database is enough for the second adapter.
 */
export const clusterVariants: readonly ClusterVariant[] = [
  { database: 'sqlite', adapter: 'classic' },
  { database: 'postgres', adapter: 'classic' },
  { database: 'postgres', adapter: 'sharded' },
];

/**
 * Starts every process at the same moment, on purpose: they race to run the migrations on the
 * fresh database, as replicas of a deployment do.
 */
export async function startCluster({ size, database, redisUrl, adapter = 'classic', env }: ClusterOptions): Promise<Cluster> {
  let pgDb: PgDatabase | undefined;
  let sqliteDir: string | undefined;
  let sqliteFile: string | undefined;
  let databaseUrl: string;
  if (database === 'postgres') {
    pgDb = await createPgDatabase();
    databaseUrl = pgDb.url;
  } else {
    sqliteDir = mkdtempSync(join(tmpdir(), 'parley-scale-out-'));
    sqliteFile = join(sqliteDir, 'shared.sqlite');
    databaseUrl = `sqlite:${sqliteFile}`;
  }
  const sharedEnv: ServerEnv = { REDIS_URL: redisUrl, REDIS_ADAPTER: adapter, JWT_SECRET: randomBytes(32).toString('hex'), ...env };
  const started = await Promise.allSettled(
    Array.from({ length: size }, () => startServer({ database: { url: databaseUrl }, env: sharedEnv })),
  );
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const cleanUp = async () => {
    await Promise.all(servers.map((s) => s.dispose().catch(() => undefined)));
    await pgDb?.drop();
    if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await cleanUp();
    throw failed.reason;
  }
  return { servers, databaseUrl, sqliteFile, dispose: cleanUp };
}
