import { performance } from 'node:perf_hooks';
import type { Pair, Topology } from './bench-types';
import { forkTs, stop, type Child } from './process-control';
import type { RunningTarget } from './targets';

function startRelayProcess(env: NodeJS.ProcessEnv): Promise<{ server: Child; port: number }> {
  const server = forkTs('relay-server.ts', env);
  return new Promise((resolve, reject) => {
    server.process.once('message', (m: { type: string; port: number }) => resolve({ server, port: m.port }));
    server.process.once('exit', (code) => reject(new Error(`relay exited (${code}) before listening:\n${server.output()}`)));
  });
}

/** Starts the bare relay (relay-server.ts), one process per `topology.processes` over `redisUrl`; its users are just ids. */
export async function startRelay(pairCount: number, topology: Topology, redisUrl?: string): Promise<RunningTarget> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: topology.adapter ? redisUrl : undefined, REDIS_ADAPTER: topology.adapter ?? undefined };
  const launched = await Promise.allSettled(Array.from({ length: topology.processes }, () => startRelayProcess(env)));
  const running = launched.flatMap((l) => (l.status === 'fulfilled' ? [l.value] : []));
  const stopAll = async () => void (await Promise.all(running.map((r) => stop(r.server))));
  const failed = launched.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const pairs: Pair[] = Array.from({ length: pairCount }, (_, i) => {
    const [a, b] = [`sender${i}`, `recipient${i}`];
    return { sender: { userId: a, auth: { userId: a } }, recipient: { userId: b, auth: { userId: b } }, conversationId: `${a}~${b}` };
  });
  return {
    name: 'relay',
    urls: running.map((r) => `http://127.0.0.1:${r.port}`),
    servers: running.map((r) => r.server),
    pairs,
    setupS: (performance.now() - started) / 1000,
    stop: stopAll,
  };
}
