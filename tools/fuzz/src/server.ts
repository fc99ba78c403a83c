import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sleep } from './random';

/** The API bundle under test; PARLEY_API_MAIN points elsewhere (e.g. an older build, to see what the fuzzer finds there). */
export const apiMainJs = process.env['PARLEY_API_MAIN'] ?? resolve(__dirname, '../../../dist/apps/api/main.js');

/** One API process on a free port with its own SQLite file, watched for error-level log lines and exits. */
export interface FuzzServer {
  url: string;
  /** Error-level (or worse) log lines so far. */
  errorLines(): string[];
  exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => done(port));
    });
  });
}

export async function startFuzzServer(env: Record<string, string> = {}): Promise<FuzzServer> {
  if (!existsSync(apiMainJs)) throw new Error(`${apiMainJs} is missing: run \`npx nx build api\` first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-fuzz-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [apiMainJs], {
    cwd: dataDir,
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'parley.sqlite')}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let pending = '';
  const onData = (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const level = /"level":(\d+)/.exec(line)?.[1];
      if ((level && Number(level) >= 50) || /unhandled|uncaught/i.test(line)) errors.push(line.slice(0, 4000));
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      done();
    }),
  );
  process.on('exit', () => child.kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exit) throw new Error(`the API exited while starting: ${JSON.stringify(exit)} ${errors.join('\n')}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('the API did not become ready');
    await sleep(100);
  }
  return {
    url,
    errorLines: () => [...errors],
    exited: () => exit,
    async stop() {
      if (!exit) child.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000).then(() => child.kill('SIGKILL'))]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
