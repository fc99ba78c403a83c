/**
 * Runs the same load against each scenario in turn: start the server process(es), prepare users, fork
 * the load generator, sample the servers' CPU and memory around each phase, stop everything. With
 * several processes one Redis of the bench's own serves every scenario of the run.
 */
import { loadavg } from 'node:os';
import type { BenchOptions, LoadEvent, LoadPlan, PhaseName, ServerUsage, TargetResult } from './bench-types';
import { startBenchRedis, type BenchRedis } from './bench-redis';
import { startParley } from './parley-target';
import { forkTs, procUsage, stop, type Child, type ProcUsage } from './process-control';
import { startRelay } from './relay-target';
import { scenarioLabel, scenariosOf, type Scenario } from './scenarios';
import { stepOf, sweepOutcome } from './sweep';
import type { RunningTarget } from './targets';

const stoppers = new Set<() => Promise<void>>();

/** Stops whatever a run has started (for Ctrl-C); the run itself stops its own on success or error. */
export async function stopActive(): Promise<void> {
  await Promise.allSettled([...stoppers].map((s) => s()));
}

/** Registers what Ctrl-C must stop (e.g. a temporary database); returns the unregistering function. */
export function onInterrupt(stopper: () => Promise<void>): () => void {
  stoppers.add(stopper);
  return () => void stoppers.delete(stopper);
}

function start({ target, topology }: Scenario, options: BenchOptions, redis?: BenchRedis): Promise<RunningTarget> {
  const { pairs, groupSize } = options;
  return target === 'relay' ? startRelay(pairs, groupSize, topology, redis?.url) : startParley(target, pairs, groupSize, topology, redis?.url);
}

const cpuPct = (a: ProcUsage, b: ProcUsage) => Math.round(((b.cpuMs - a.cpuMs) / Math.max(1, b.at - a.at)) * 100);

/** The servers' usage summed over their processes; Redis's CPU on its own line. */
function usageBetween(before: ProcUsage[], after: ProcUsage[], redis: [ProcUsage, ProcUsage] | null): ServerUsage {
  const cpuMs = after.reduce((sum, b, i) => sum + b.cpuMs - before[i].cpuMs, 0);
  const elapsedMs = Math.max(1, after[0].at - before[0].at);
  const mb = (kb: number) => Math.round(kb / 1024);
  return {
    cpuMs,
    cpuPct: Math.round((cpuMs / elapsedMs) * 100),
    rssMbEnd: mb(after.reduce((sum, b) => sum + b.rssKb, 0)),
    rssMbPeak: mb(after.reduce((sum, b) => sum + b.hwmKb, 0)),
    redisCpuPct: redis ? cpuPct(...redis) : null,
    loadAvg1m: Math.round(loadavg()[0] * 100) / 100,
  };
}

/** Drives one load-generator process against a running target and gathers its phases. */
function measure(target: RunningTarget, options: BenchOptions, redis: BenchRedis | undefined, log: (line: string) => void): Promise<TargetResult['phases']> {
  const pids = target.servers.map((s) => s.process.pid!);
  const redisPid = redis?.server.process.pid;
  const sample = () => ({ servers: pids.map(procUsage), redis: redisPid ? procUsage(redisPid) : null });
  const generator: Child = forkTs('load-generator.ts');
  const phases: TargetResult['phases'] = [];
  const before = new Map<PhaseName, ReturnType<typeof sample>>();
  const done = new Promise<TargetResult['phases']>((resolve, reject) => {
    generator.process.on('message', (event: LoadEvent) => {
      if (event.type === 'connected') log(`  ${event.sockets} sockets connected`);
      else if (event.type === 'phase-start') {
        before.set(event.phase, sample());
        log(`  ${event.phase}${options.sweep && event.phase !== 'closed' ? ` at ${event.rate} msg/s` : ''}...`);
      } else if (event.type === 'phase-end') {
        const [a, b] = [before.get(event.result.phase)!, sample()];
        const server = usageBetween(a.servers, b.servers, a.redis && b.redis ? [a.redis, b.redis] : null);
        // A sweep's warm-ups at rates that fail are expected to have errors: its steps show them.
        if (event.result.phase !== 'warmup') phases.push({ ...event.result, server });
        else if (event.result.errorCount && !options.sweep) phases.push({ ...event.result, server });
      } else if (event.type === 'done') resolve(phases);
      else reject(new Error(`load generator: ${event.error}`));
    });
    generator.process.once('close', (code) => reject(new Error(`load generator exited (${code}):\n${generator.output()}`)));
  });
  const plan: LoadPlan = { urls: target.urls, groups: target.groups, options };
  generator.process.send(plan);
  const stopGenerator = () => stop(generator, 1000);
  stoppers.add(stopGenerator);
  return done.finally(() => {
    stoppers.delete(stopGenerator);
    return stopGenerator();
  });
}

export async function runBench(options: BenchOptions, log: (line: string) => void = () => undefined): Promise<TargetResult[]> {
  const scenarios = scenariosOf(options);
  const redis = options.processes > 1 && scenarios.length ? await startBenchRedis() : undefined;
  if (redis) stoppers.add(redis.stop);
  const results: TargetResult[] = [];
  try {
    for (const scenario of scenarios) {
      const name = scenarioLabel(scenario);
      log(`${name}: starting, creating ${options.pairs * options.groupSize} users and ${options.pairs} conversations`);
      const target = await start(scenario, options, redis);
      stoppers.add(target.stop);
      try {
        const where = target.urls.map((url, i) => `${url} (pid ${target.servers[i].process.pid})`).join(', ');
        log(`${name}: ready in ${target.setupS.toFixed(1)} s at ${where}`);
        const phases = await measure(target, options, redis, log);
        const sweep = options.sweep ? sweepOutcome(options.sweep, phases.filter((p) => p.phase === 'sweep').map(stepOf)) : undefined;
        results.push({ target: scenario.target, topology: scenario.topology, setupS: Math.round(target.setupS * 10) / 10, phases, ...(sweep ? { sweep } : {}) });
      } finally {
        stoppers.delete(target.stop);
        await target.stop();
      }
    }
  } finally {
    if (redis) {
      stoppers.delete(redis.stop);
      await redis.stop();
    }
  }
  return results;
}
