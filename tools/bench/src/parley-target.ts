import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createGroups } from './parley-setup';
import { freePort, spawnNode, stop, type Child } from './process-control';
import type { Topology } from './bench-types';
import type { RunningTarget } from './targets';

export const WORKSPACE_ROOT = resolve(__dirname, '../../..');
const MAIN = join(WORKSPACE_ROOT, 'dist/apps/api/main.js');
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function waitHealthy(url: string, server: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null) throw new Error(`Parley exited (${server.process.exitCode}):\n${server.output()}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50)); // fine-grained: the boot time on a seeded database is a figure
  }
  throw new Error(`Parley not healthy after ${timeoutMs} ms:\n${server.output()}`);
}

export interface ParleyProcess {
  server: Child;
  url: string;
  /** Seconds from spawning the process to its first healthy answer (migrations included). */
  bootS: number;
}

/** A fresh, empty database: a temporary directory (the SQLite file lives there) and, for PostgreSQL, a database. */
export interface ParleyDatabase {
  db: 'sqlite' | 'postgres';
  dataDir: string;
  /** What the server's DATABASE_URL says. */
  url: string;
  /** The SQLite file, or the PostgreSQL connection URL: where the bench itself can read and write. */
  location: string;
  drop(): Promise<void>;
}

export async function createDatabase(db: 'sqlite' | 'postgres'): Promise<ParleyDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-'));
  const pgName = db === 'postgres' ? `parley_bench_${randomBytes(4).toString('hex')}` : null;
  const drop = async () => {
    await rm(dataDir, { recursive: true, force: true });
    if (pgName) await adminQuery(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
  };
  try {
    if (pgName) await adminQuery(`CREATE DATABASE ${pgName}`);
  } catch (error) {
    await drop();
    throw error;
  }
  const file = join(dataDir, 'parley.sqlite');
  const url = pgName ? `postgres://postgres@127.0.0.1:5432/${pgName}` : `sqlite:${file}`;
  return { db, dataDir, url, location: pgName ? url : file, drop };
}

/** Parley from dist on a free loopback port against `database`, once it answers its health check; `extraEnv` e.g. REDIS_URL. */
export async function launchParley(database: ParleyDatabase, extraEnv: NodeJS.ProcessEnv = {}): Promise<ParleyProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} not found: run \`npx nx build api\` first`);
  const started = performance.now();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: database.url,
    DATA_DIR: database.dataDir,
    LOG_LEVEL: 'warn',
    AUTH_RATE_LIMIT: '1000000',
    ACCESS_TOKEN_TTL: '3600',
    // The bench measures throughput: no per-account send limit, and its 100 clients connect at once from one address.
    SEND_RATE_BURST: '1000000',
    SEND_RATE_PER_SECOND: '1000000',
    // Nor the per-socket event budget (500, then 100/s): a closed loop of a few senders sends hundreds a second
    // per socket, and a socket over its budget is not read from for a while (its sends then time out unanswered).
    SOCKET_EVENT_BURST: '1000000',
    SOCKET_EVENTS_PER_SECOND: '1000000',
    WRITE_QUEUE_PER_USER: '5000',
    // The process's write queue (default 1000) sized for the closed loop of 500 senders x 10 in flight, which
    // measures throughput, not admission; set WRITE_QUEUE_MAX to run the default, e.g. past saturation.
    WRITE_QUEUE_MAX: process.env['WRITE_QUEUE_MAX'] ?? '5000',
    MAX_PENDING_CONNECTIONS_PER_IP: '100000',
  };
  delete env['REDIS_URL'];
  delete env['REDIS_ADAPTER'];
  Object.assign(env, extraEnv);
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=tmp/bench/prof": profile Parley under load.
  const server = spawnNode(MAIN, env, (process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean));
  keepOutput(server, port);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, server);
  } catch (error) {
    await stop(server);
    throw error;
  }
  return { server, url, bootS: (performance.now() - started) / 1000 };
}

/**
 * BENCH_SERVER_OUTPUT=DIR writes each Parley process's whole stdout and stderr to DIR/parley-PORT.log
 * (the bench otherwise keeps only their last few KiB, for errors): what `--trace-gc-nvp` prints, say.
 */
function keepOutput(server: Child, port: number): void {
  const dir = process.env['BENCH_SERVER_OUTPUT'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const file = createWriteStream(join(dir, `parley-${port}.log`));
  server.process.stdout?.pipe(file, { end: false });
  server.process.stderr?.pipe(file, { end: false });
  server.process.once('close', () => file.end());
}

/**
 * Parley from dist, on free loopback ports, with a fresh SQLite file or a fresh PostgreSQL database:
 * one process, or `topology.processes` over `redisUrl` with one JWT secret (the first one runs the
 * migrations, the others start once it is healthy).
 */
export async function startParley(db: 'sqlite' | 'postgres', groupCount: number, groupSize: number, topology: Topology, redisUrl?: string): Promise<RunningTarget> {
  const started = performance.now();
  const database = await createDatabase(db);
  const servers: Child[] = [];
  const cleanUp = async () => {
    await Promise.all(servers.map((server) => stop(server)));
    await database.drop();
  };
  try {
    const env: NodeJS.ProcessEnv = topology.adapter
      ? { REDIS_URL: redisUrl, REDIS_ADAPTER: topology.adapter, JWT_SECRET: randomBytes(32).toString('hex') }
      : {};
    const first = await launchParley(database, env);
    servers.push(first.server);
    const launched = await Promise.allSettled(Array.from({ length: topology.processes - 1 }, () => launchParley(database, env)));
    for (const l of launched) if (l.status === 'fulfilled') servers.push(l.value.server);
    const failed = launched.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (failed) throw failed.reason;
    const urls = [first.url, ...launched.map((l) => (l as PromiseFulfilledResult<ParleyProcess>).value.url)];
    const groups = await createGroups(first.url, groupCount, groupSize);
    return { name: db, urls, servers, groups, setupS: (performance.now() - started) / 1000, stop: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
