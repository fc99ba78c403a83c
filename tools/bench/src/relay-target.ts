import { performance } from 'node:perf_hooks';
import type { LoadGroup, Topology } from './bench-types';
import { forkTs, stop, type Child } from './process-control';
import { relayConversationId } from './relay-conversation';
import type { RunningTarget } from './targets';

function startRelayProcess(env: NodeJS.ProcessEnv): Promise<{ server: Child; port: number }> {
  const server = forkTs('relay-server.ts', env);
  return new Promise((resolve, reject) => {
    server.process.once('message', (m: { type: string; port: number }) => resolve({ server, port: m.port }));
    server.process.once('exit', (code) => reject(new Error(`relay exited (${code}) before listening:\n${server.output()}`)));
  });
}

/** Starts the bare relay (relay-server.ts), one process per `topology.processes` over `redisUrl`; its users are just ids. */
export async function startRelay(groupCount: number, groupSize: number, topology: Topology, redisUrl?: string): Promise<RunningTarget> {
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
  const member = (userId: string) => ({ userId, auth: { userId } });
  const groups: LoadGroup[] = Array.from({ length: groupCount }, (_, i) => {
    // 1:1 keeps today's names (sender0, recipient0); a group's recipients are numbered.
    const recipients = Array.from({ length: groupSize - 1 }, (_, k) => (groupSize === 2 ? `recipient${i}` : `recipient${i}_${k}`));
    return { sender: member(`sender${i}`), recipients: recipients.map(member), conversationId: relayConversationId([`sender${i}`, ...recipients]) };
  });
  return {
    name: 'relay',
    urls: running.map((r) => `http://127.0.0.1:${r.port}`),
    servers: running.map((r) => r.server),
    groups,
    setupS: (performance.now() - started) / 1000,
    stop: stopAll,
  };
}
