import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sleep } from './random';

/** Every child this run started; killed on exit so nothing outlives a crashed checker. */
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A child process that can be killed and started again with the same command. */
class Restartable {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output = '';

  constructor(
    private readonly command: string,
    private readonly args: string[],
    private readonly env?: NodeJS.ProcessEnv,
  ) {}

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last 200 kB of output, for the findings when something goes wrong. */
  logs(): string {
    return this.output;
  }

  spawn(): void {
    const child = spawn(this.command, this.args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    children.add(child);
    const append = (chunk: Buffer) => (this.output = (this.output + chunk.toString('utf8')).slice(-200_000));
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.exited = new Promise((resolve) => child.once('exit', () => (children.delete(child), resolve())));
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.running) this.child!.kill(signal);
    await this.exited;
  }
}

function pingRedis(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
  });
}

/** Our own redis-server on a free port (never the shared one on 6379), without persistence. */
export class RedisProcess {
  private readonly proc: Restartable;

  constructor(readonly port: number) {
    this.proc = new Restartable('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.proc.running;
  }

  async start(): Promise<void> {
    this.proc.spawn();
    await waitFor(`redis-server on ${this.port}`, () => pingRedis(this.port), 15_000);
  }

  kill(): Promise<void> {
    return this.proc.kill('SIGKILL');
  }
}

/** One `node dist/apps/api/main.js` on a fixed port; restarts reuse the port so clients find it again. */
export class ApiProcess {
  private readonly proc: Restartable;
  readonly url: string;

  constructor(
    readonly name: string,
    readonly port: number,
    apiMain: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.proc = new Restartable(process.execPath, [apiMain], { ...env, PORT: String(port) });
  }

  get running(): boolean {
    return this.proc.running;
  }

  logs(): string {
    return this.proc.logs();
  }

  async start(): Promise<void> {
    this.proc.spawn();
    let exited = false;
    await waitFor(`${this.name} ready on ${this.port}`, async () => {
      exited = !this.proc.running;
      if (exited) return true;
      const res = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return res.status === 200;
    }, 90_000);
    if (exited) throw new Error(`${this.name} exited during boot:\n${this.logs().slice(-4000)}`);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return this.proc.kill(signal);
  }
}

/** A fresh PostgreSQL database for this run, dropped at the end. */
export class PgDatabase {
  readonly name = `parley_chaos_${randomBytes(6).toString('hex')}`;
  readonly url: string;

  constructor(private readonly adminUrl: string) {
    const url = new URL(adminUrl);
    url.pathname = `/${this.name}`;
    this.url = url.toString();
  }

  create(): Promise<void> {
    return this.admin((c) => c.query(`CREATE DATABASE ${this.name}`));
  }

  drop(): Promise<void> {
    return this.admin((c) => c.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`));
  }

  /** Runs one query against this run's database. */
  async query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  private async admin(fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
    const client = new pg.Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      await fn(client);
    } finally {
      await client.end();
    }
  }
}

/** Redis, PostgreSQL and N API processes sharing them: the system under test. */
export class Cluster {
  readonly apis: ApiProcess[] = [];
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'parley-chaos-'));

  private constructor(
    readonly redis: RedisProcess,
    readonly db: PgDatabase,
  ) {}

  static async start(size: number, apiMain: string, pgUrl: string): Promise<Cluster> {
    const cluster = new Cluster(new RedisProcess(await freePort()), new PgDatabase(pgUrl));
    try {
      await cluster.boot(size, apiMain);
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  private async boot(size: number, apiMain: string): Promise<void> {
    await this.redis.start();
    await this.db.create();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      DATABASE_URL: this.db.url,
      REDIS_URL: this.redis.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_DIR: this.dataDir,
      ACCESS_TOKEN_TTL: '86400',
      AUTH_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
    };
    for (let i = 0; i < size; i++) this.apis.push(new ApiProcess(`api-${i + 1}`, await freePort(), apiMain, env));
    // One first, so the others do not race the migrations on an empty database (the API supports it; boot time matters less here).
    await this.apis[0].start();
    await Promise.all(this.apis.slice(1).map((a) => a.start()));
  }

  runningApis(): ApiProcess[] {
    return this.apis.filter((a) => a.running);
  }

  /** Brings back whatever the chaos left down. */
  async heal(): Promise<void> {
    if (!this.redis.running) await this.redis.start();
    await Promise.all(this.apis.filter((a) => !a.running).map((a) => a.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.apis.map((a) => a.kill('SIGTERM')));
    await this.redis.kill();
    await this.db.drop().catch((e: unknown) => console.error(`could not drop ${this.db.name}: ${String(e)}`));
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
