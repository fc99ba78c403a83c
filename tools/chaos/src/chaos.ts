import type { Device } from './device';
import type { ChaosOptions } from './options';
import type { Cluster } from './processes';
import { Random, sleep } from './random';

export type ChaosKind = 'drop' | 'kill' | 'redis';

export interface ChaosEvent {
  /** Seconds after the start of the traffic. */
  at: number;
  kind: ChaosKind;
}

export interface ChaosLog {
  performed: Record<ChaosKind, number>;
  /** Events that could not run (e.g. a kill while the other processes were already down). */
  skipped: Record<ChaosKind, number>;
  lines: string[];
}

/**
 * The whole schedule, decided up front from the seed: one event of each kind at a random moment in
 * the middle of the run (so even a short run exercises all three), plus Poisson arrivals at the
 * configured per-minute rates.
 */
export function planChaos(options: ChaosOptions, random: Random): ChaosEvent[] {
  const events: ChaosEvent[] = [];
  const perMinute: Record<ChaosKind, number> = { drop: options.drops, kill: options.kills, redis: options.redisRestarts };
  for (const kind of Object.keys(perMinute) as ChaosKind[]) {
    events.push({ at: random.between(0.15, 0.7) * options.duration, kind });
    if (perMinute[kind] <= 0) continue;
    for (let at = random.gap(perMinute[kind] / 60); at < options.duration * 0.9; at += random.gap(perMinute[kind] / 60)) {
      events.push({ at, kind });
    }
  }
  return events.sort((a, b) => a.at - b.at);
}

/** Runs the schedule against the cluster and the devices; resolves when every event (and every restart it caused) is done. */
export async function runChaos(events: ChaosEvent[], cluster: Cluster, devices: Device[], random: Random): Promise<ChaosLog> {
  const log: ChaosLog = { performed: { drop: 0, kill: 0, redis: 0 }, skipped: { drop: 0, kill: 0, redis: 0 }, lines: [] };
  const started = Date.now();
  const note = (line: string) => log.lines.push(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s ${line}`);
  const restarts: Promise<void>[] = [];
  let redisBusy = false;
  const restarting = new Set<unknown>();

  for (const event of events) {
    await sleep(Math.max(0, started + event.at * 1000 - Date.now()));
    if (event.kind === 'drop') {
      const victims = devices.filter((d) => d.connected);
      if (!victims.length) {
        log.skipped.drop++;
        continue;
      }
      // Sometimes several at once, like a flaky Wi-Fi access point.
      const count = random.int(1, Math.min(3, victims.length));
      for (let i = 0; i < count; i++) random.pick(victims).drop();
      log.performed.drop++;
      note(`dropped ${count} connection(s)`);
    } else if (event.kind === 'kill') {
      const running = cluster.runningApis().filter((a) => !restarting.has(a));
      if (running.length <= 1) {
        log.skipped.kill++;
        continue;
      }
      const victim = random.pick(running);
      const downFor = random.between(1, 4);
      await victim.kill('SIGKILL');
      log.performed.kill++;
      note(`SIGKILL ${victim.name}; restart in ${downFor.toFixed(1)}s`);
      restarting.add(victim);
      restarts.push(sleep(downFor * 1000).then(async () => {
        await victim.start().then(
          () => note(`${victim.name} is back`),
          (error: unknown) => note(`${victim.name} failed to restart: ${String(error).slice(0, 500)}`),
        );
        restarting.delete(victim);
      }));
    } else {
      if (redisBusy) {
        log.skipped.redis++;
        continue;
      }
      redisBusy = true;
      const downFor = random.between(0.5, 3);
      await cluster.redis.kill();
      log.performed.redis++;
      note(`killed redis-server; restart in ${downFor.toFixed(1)}s`);
      restarts.push(sleep(downFor * 1000).then(async () => {
        await cluster.redis.start();
        redisBusy = false;
        note('redis-server is back');
      }));
    }
  }
  await Promise.all(restarts);
  return log;
}
