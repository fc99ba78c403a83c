import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from '../../support/ports';
import Redis from 'ioredis';
import { pollUntil } from './poll';

/** The Redis other suites and developers share. Never restarted, flushed or configured by these tests. */
const SHARED_HOST = '127.0.0.1';
// Overridable only to exercise the fallback (point it at a port where nothing listens).
const SHARED_PORT = Number(process.env['PARLEY_TEST_SHARED_REDIS_PORT'] ?? 6379);

/** One RESP `PING` over a raw TCP connection: true when a Redis answers `+PONG` in time. */
export function pingRedis(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

export function hasRedisServerBinary(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A `redis-server` this test owns: no persistence, loopback only, on a port of its own. */
export interface OwnRedis {
  readonly port: number;
  readonly url: string;
  isRunning(): boolean;
  /** Starts it again on the same port (after `kill`). */
  start(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  logs(): string;
}

const ownRedisProcesses = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of ownRedisProcesses) child.kill('SIGKILL');
});

export async function spawnRedisServer(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';
  const start = async () => {
    const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    ownRedisProcesses.add(proc);
    proc.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    proc.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    exited = new Promise((resolve) => proc.once('exit', () => (ownRedisProcesses.delete(proc), resolve())));
    await pollUntil(`redis-server on port ${port} answers PING`, () => pingRedis(port), { timeoutMs: 15_000 });
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    isRunning: () => !!child && child.exitCode === null && child.signalCode === null,
    start,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      child = undefined;
    },
    logs: () => output,
  };
}

export interface TestRedis {
  url: string;
  source: 'shared' | 'spawned';
  dispose(): Promise<void>;
}

/**
 * Redis for the scale-out suites: the shared one on 127.0.0.1:6379 when it answers, else a
 * `redis-server` of our own, else `null` — which the suites turn into a loud skip, or a failure
 * when CI is set (CI must run them).
 *
 * On the shared Redis each suite takes a random logical database: the API's keys (rate-limit
 * counters) then cannot meet another suite's. Pub/sub is server-wide, but the rooms it carries are
 * per user id, and every user here is new.
 */
export async function redisForTests(): Promise<TestRedis | null> {
  if (await pingRedis(SHARED_PORT, SHARED_HOST)) {
    const db = 1 + Math.floor(Math.random() * 15);
    return { url: `redis://${SHARED_HOST}:${SHARED_PORT}/${db}`, source: 'shared', dispose: async () => undefined };
  }
  if (hasRedisServerBinary()) {
    const own = await spawnRedisServer();
    return { url: own.url, source: 'spawned', dispose: () => own.kill('SIGTERM') };
  }
  return null;
}

/** Says loudly why a suite does not run; under CI it throws instead, so a missing Redis fails the run. */
export function noRedis(what: string): void {
  const message =
    `\n${'!'.repeat(78)}\n!! SKIPPED: ${what}\n!! No Redis answers on ${SHARED_HOST}:${SHARED_PORT} and there is no redis-server binary to start one.\n` +
    `!! Start Redis (\`docker compose up -d\`) or install redis-server to run the scale-out tests.\n${'!'.repeat(78)}\n`;
  if (process.env['CI']) throw new Error(`CI is set, so the scale-out tests may not skip: ${message}`);
  console.warn(message);
}

export interface SocketIoChannels {
  /** Per room: how many processes hold an SSUBSCRIBE on its channel (the sharded adapter's "dynamic" mode). */
  shardSubscribers: Record<string, number>;
  /** Subscribers of the classic adapter's request channel: one per classic process on this Redis (any suite's). */
  classicSubscribers: number;
}

/** What Redis itself says about the Socket.IO adapter's channels for these rooms of the default namespace. */
export async function socketIoChannels(redisUrl: string, rooms: string[]): Promise<SocketIoChannels> {
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const counts = (await client.call('PUBSUB', 'SHARDNUMSUB', ...rooms.map((room) => `socket.io#/#${room}#`))) as Array<string | number>;
    const shardSubscribers = Object.fromEntries(rooms.map((room, i) => [room, Number(counts[2 * i + 1])]));
    const [, classic] = (await client.call('PUBSUB', 'NUMSUB', 'socket.io-request#/#')) as [string, number];
    return { shardSubscribers, classicSubscribers: Number(classic) };
  } finally {
    client.disconnect();
  }
}
