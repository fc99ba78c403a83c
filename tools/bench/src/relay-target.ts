import { performance } from 'node:perf_hooks';
import type { Pair } from './bench-types';
import { forkTs, stop } from './process-control';
import type { RunningTarget } from './targets';

/** Starts the bare relay (relay-server.ts) in its own process; its users are just ids. */
export async function startRelay(pairCount: number): Promise<RunningTarget> {
  const started = performance.now();
  const server = forkTs('relay-server.ts');
  const port = await new Promise<number>((resolve, reject) => {
    server.process.once('message', (m: { type: string; port: number }) => resolve(m.port));
    server.process.once('exit', (code) => reject(new Error(`relay exited (${code}) before listening:\n${server.output()}`)));
  });
  const pairs: Pair[] = Array.from({ length: pairCount }, (_, i) => {
    const [a, b] = [`sender${i}`, `recipient${i}`];
    return { sender: { userId: a, auth: { userId: a } }, recipient: { userId: b, auth: { userId: b } }, conversationId: `${a}~${b}` };
  });
  return {
    name: 'relay',
    url: `http://127.0.0.1:${port}`,
    server,
    pairs,
    setupS: (performance.now() - started) / 1000,
    stop: () => stop(server),
  };
}
