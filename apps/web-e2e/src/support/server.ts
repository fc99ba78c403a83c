import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiMainJs, webDistDir } from './paths';

export interface ApiServer {
  readonly url: string;
  /** Kill the process (SIGKILL: a crash, not a polite shutdown) and wait until it is gone. */
  kill(): Promise<void>;
  /** Start again on the same port, database and secrets. */
  start(): Promise<void>;
  logs(): string;
  dispose(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => live.forEach((child) => child.kill('SIGKILL')));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('API exited during start');
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('API did not become healthy within 60 s');
}

/** A real API process on a free port with a fresh SQLite file, serving the built SPA. */
export async function startApi(overrides: Record<string, string> = {}): Promise<ApiServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-web-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: `sqlite:${join(dataDir, 'parley.sqlite')}`,
    DATA_DIR: dataDir,
    WEB_DIST_DIR: webDistDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    AUTH_RATE_LIMIT: '10000',
    // Seeding and bursts in tests go beyond the per-account send limit; the specs of that limit restore the defaults.
    SEND_RATE_BURST: '1000000',
    SEND_RATE_PER_SECOND: '1000000',
    ...overrides,
  };
  let child: ChildProcess | undefined;
  let logText = '';

  const start = async () => {
    const proc = spawn(process.execPath, [apiMainJs], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    live.add(proc);
    proc.once('exit', () => live.delete(proc));
    proc.stdout?.on('data', (chunk: Buffer) => (logText += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (logText += chunk.toString()));
    try {
      await waitForHealth(url, proc);
    } catch (error) {
      proc.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${logText.slice(-4000)}`);
    }
  };

  const kill = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await gone;
  };

  await start();
  return {
    url,
    kill,
    start,
    logs: () => logText,
    async dispose() {
      await kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
