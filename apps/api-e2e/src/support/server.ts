import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiMainJs } from './paths';
import { freePort } from './ports';
import { createPgDatabase, type PgDatabase } from './postgres';

export type DatabaseKind = 'sqlite' | 'postgres';
export const databaseKinds: readonly DatabaseKind[] = ['sqlite', 'postgres'];

/** `undefined` removes a variable from the server's environment. */
export type ServerEnv = Record<string, string | undefined>;

export interface StartServerOptions {
  /** A fresh database of that kind (owned and removed by `dispose()`), or `{url}` to share an existing one. */
  database: DatabaseKind | { url: string };
  env?: ServerEnv;
  /** Fixed port (e.g. to reuse one); by default a free one is picked. */
  port?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the process ignored the stop signal and had to be killed. */
  forced: boolean;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly databaseUrl: string;
  /** The process's DATA_DIR (and cwd): a temp dir owned by this server. */
  readonly dataDir: string;
  /** The JWT_SECRET it runs with ('' when the test removed it). */
  readonly jwtSecret: string;
  readonly pid: number | undefined;
  isRunning(): boolean;
  /** Everything the process wrote to stdout and stderr since it was started (all restarts). */
  logs(): string;
  /** Stop the process (SIGTERM by default) and wait for it to exit; the database and data dir stay. */
  stop(signal?: NodeJS.Signals): Promise<ExitInfo>;
  /** Stop (SIGTERM) and start a new process on the same port, database and data dir; `env` overrides are merged in. */
  restart(env?: ServerEnv): Promise<ExitInfo>;
  /** Stop, then remove what `startServer` created (the PostgreSQL database, the temp dir). */
  dispose(): Promise<void>;
}

const readyTimeoutMs = 90_000;
const stopTimeoutMs = 20_000;
const maxLogChars = 4_000_000;

/** Servers still running when the test worker exits are killed, so no process outlives a crashed run. */
const liveChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

/** Only what node needs from the outer environment: the server must not see Vitest's variables (NODE_ENV=test, VITEST...). */
function baseEnv(): ServerEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR', 'SystemRoot'];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
}

function cleanEnv(env: ServerEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
}

export async function startServer(options: StartServerOptions): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  let pgDb: PgDatabase | undefined;
  let databaseUrl: string;
  if (options.database === 'sqlite') {
    databaseUrl = `sqlite:${join(dataDir, 'parley.sqlite')}`;
  } else if (options.database === 'postgres') {
    pgDb = await createPgDatabase();
    databaseUrl = pgDb.url;
  } else {
    databaseUrl = options.database.url;
  }

  let env: ServerEnv = {
    ...baseEnv(),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // Production mode: the suite exercises what an operator runs (migrations, mandatory secrets).
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    AUTH_RATE_LIMIT: '10000',
    // Seeding and bursts in tests go beyond the per-account send limit; the specs of that limit restore the defaults.
    SEND_RATE_BURST: '1000000',
    SEND_RATE_PER_SECOND: '1000000',
    ...options.env,
  };

  let port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;
  let exited: Promise<ExitInfo> | undefined;
  let logText = '';
  const appendLog = (chunk: Buffer) => {
    logText += chunk.toString('utf8');
    if (logText.length > maxLogChars) logText = logText.slice(-maxLogChars);
  };

  const launch = async (): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const proc = spawn(process.execPath, [apiMainJs], {
        cwd: dataDir,
        env: cleanEnv({ ...env, PORT: String(port) }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      liveChildren.add(proc);
      proc.stdout?.on('data', appendLog);
      proc.stderr?.on('data', appendLog);
      exited = new Promise<ExitInfo>((resolve) =>
        proc.once('exit', (code, signal) => {
          liveChildren.delete(proc);
          resolve({ code, signal, forced: false });
        }),
      );
      const logStart = logText.length;
      const ok = await waitUntilReady(`http://127.0.0.1:${port}`, exited);
      if (ok === 'ready') return;
      const newLogs = logText.slice(logStart);
      // Someone grabbed the port between freePort() and listen(): try another one, unless the caller fixed it.
      if (ok === 'exited' && /EADDRINUSE/.test(newLogs) && options.port === undefined && attempt < 4) {
        port = await freePort();
        continue;
      }
      if (ok === 'timeout') {
        proc.kill('SIGKILL');
        await exited;
      }
      throw new Error(`API did not become ready on port ${port} (${ok}). Output:\n${newLogs.slice(-8000)}`);
    }
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<ExitInfo> => {
    const proc = child;
    const done = exited;
    if (!proc || !done) return { code: null, signal: null, forced: false };
    child = undefined;
    if (proc.exitCode !== null || proc.signalCode !== null) return done;
    proc.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), stopTimeoutMs)));
    const first = await Promise.race([done, timedOut]);
    clearTimeout(timer);
    if (first !== 'timeout') return first;
    proc.kill('SIGKILL');
    return { ...(await done), forced: true };
  };

  await launch().catch(async (err) => {
    await pgDb?.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    databaseUrl,
    dataDir,
    get jwtSecret() {
      return env['JWT_SECRET'] ?? '';
    },
    get pid() {
      return child?.pid;
    },
    isRunning: () => !!child && child.exitCode === null && child.signalCode === null,
    logs: () => logText,
    stop,
    async restart(overrides?: ServerEnv) {
      const exit = await stop();
      env = { ...env, ...overrides };
      await launch();
      return exit;
    },
    async dispose() {
      await stop();
      await pgDb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitUntilReady(url: string, exited: Promise<ExitInfo>): Promise<'ready' | 'exited' | 'timeout'> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) return 'exited';
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return 'ready';
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return 'timeout';
}

export interface BootFailure {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * Starts the API with a configuration it must refuse and waits for it to exit.
 * Rejects if the process is still running (or even answers /api/health) after the timeout.
 */
export async function expectBootFailure(env: ServerEnv, timeoutMs = 60_000): Promise<BootFailure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  const port = await freePort();
  const proc = spawn(process.execPath, [apiMainJs], {
    cwd: dataDir,
    env: cleanEnv({
      ...baseEnv(),
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dataDir, 'parley.sqlite')}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(proc);
  let output = '';
  proc.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  proc.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  try {
    const result = await new Promise<BootFailure | 'timeout'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), timeoutMs);
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, output });
      });
    });
    if (result === 'timeout') throw new Error(`the API kept running with ${JSON.stringify(env)}; output:\n${output.slice(-4000)}`);
    return result;
  } finally {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    liveChildren.delete(proc);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
