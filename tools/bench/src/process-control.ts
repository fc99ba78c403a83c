/**
 * Child processes of the bench: started here, remembered here, and always stopped — at the end, on
 * an error, on Ctrl-C, and (SIGKILL, synchronously) if the orchestrator exits any other way.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const REGISTER = join(__dirname, '..', 'register.cjs');
const running = new Set<ChildProcess>();
const TAIL_CHARS = 8000;

export interface Child {
  process: ChildProcess;
  /** The last few KiB of its stdout and stderr, for error messages. */
  output(): string;
}

function track(child: ChildProcess): Child {
  running.add(child);
  child.once('exit', () => running.delete(child));
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-TAIL_CHARS));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { process: child, output: () => tail };
}

/** A TypeScript file of this project as a Node process with an IPC channel. */
export function forkTs(file: string, env: NodeJS.ProcessEnv = process.env): Child {
  return track(fork(join(__dirname, file), [], { execArgv: ['-r', REGISTER], env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }));
}

/** `nodeArgs` e.g. `--cpu-prof` to profile the server (not allowed in NODE_OPTIONS). */
export function spawnNode(script: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Child {
  return track(spawn(process.execPath, [...nodeArgs, script], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Any other program (redis-server), stopped like the rest. */
export function spawnProgram(command: string, args: string[]): Child {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.on('error', () => undefined); // not installed: its exit is reported by the caller's wait
  return track(child);
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stop(child: Child, graceMs = 5000): Promise<void> {
  const proc = child.process;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Stops the children however the orchestrator ends; `onInterrupt` runs first on Ctrl-C / SIGTERM. */
export function installCleanup(onInterrupt: () => Promise<void>): void {
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the bench`);
      const hardStop = setTimeout(() => process.exit(130), 10_000);
      hardStop.unref();
      void onInterrupt().finally(() => process.exit(130));
    });
  }
}

/** A port that was free a moment ago on loopback (for servers that cannot report the port they got). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ProcUsage {
  at: number;
  cpuMs: number;
  rssKb: number;
  hwmKb: number;
}

/** CPU time (user + system) and resident memory of a process, from /proc (Linux). */
export function procUsage(pid: number): ProcUsage {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces: utime, stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  // USER_HZ is 100 on every Linux this runs on; /proc reports in those ticks.
  return { at: Date.now(), cpuMs: ticks * 10, rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}
