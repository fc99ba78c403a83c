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

export interface ClusterOptions {
  size: number;
  database: DatabaseKind;
  redisUrl: string;
  env?: ServerEnv;
}

/**
 * Starts every process at the same moment, on purpose: they race to run the migrations on the
 * fresh database, as replicas of a deployment do.
 */
export async function startCluster({ size, database, redisUrl, env }: ClusterOptions): Promise<Cluster> {
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
  const sharedEnv: ServerEnv = { REDIS_URL: redisUrl, JWT_SECRET: randomBytes(32).toString('hex'), ...env };
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
