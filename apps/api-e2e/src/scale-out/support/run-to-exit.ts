import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiMainJs } from '../../support/paths';

export interface RunResult {
  /** null when the process did not exit by itself before the deadline (it is then killed). */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  output: string;
}

/**
 * Starts the API bundle with exactly this environment (plus PATH/HOME) in a temp dir and waits for
 * it to exit: for boots that must fail. The shared harness's startServer only reports "not ready".
 */
export async function runApiToExit(env: Record<string, string>, timeoutMs = 60_000): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-scale-out-boot-'));
  const keep = Object.fromEntries(['PATH', 'HOME', 'LANG', 'TZ'].filter((k) => process.env[k]).map((k) => [k, process.env[k]!]));
  const child = spawn(process.execPath, [apiMainJs], {
    cwd: dir,
    env: { ...keep, DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'parley.sqlite')}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  rmSync(dir, { recursive: true, force: true });
  return { code: timedOut ? null : code, signal, timedOut, output };
}
