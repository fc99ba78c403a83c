/**
 * Runs the same load against each target in turn: start the server, prepare users, fork the load
 * generator, sample the server's CPU and memory around each phase, stop everything.
 */
import type { BenchOptions, LoadEvent, LoadPlan, PhaseName, TargetName, TargetResult } from './bench-types';
import { startParley } from './parley-target';
import { forkTs, procUsage, stop, type Child, type ProcUsage } from './process-control';
import { startRelay } from './relay-target';
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

function start(name: TargetName, pairs: number): Promise<RunningTarget> {
  return name === 'relay' ? startRelay(pairs) : startParley(name, pairs);
}

const usageBetween = (a: ProcUsage, b: ProcUsage) => ({
  cpuMs: b.cpuMs - a.cpuMs,
  cpuPct: Math.round(((b.cpuMs - a.cpuMs) / Math.max(1, b.at - a.at)) * 100),
  rssMbEnd: Math.round(b.rssKb / 1024),
  rssMbPeak: Math.round(b.hwmKb / 1024),
});

/** Drives one load-generator process against a running target and gathers its phases. */
function measure(target: RunningTarget, options: BenchOptions, log: (line: string) => void): Promise<TargetResult['phases']> {
  const pid = target.server.process.pid!;
  const generator: Child = forkTs('load-generator.ts');
  const phases: TargetResult['phases'] = [];
  const before = new Map<PhaseName, ProcUsage>();
  const done = new Promise<TargetResult['phases']>((resolve, reject) => {
    generator.process.on('message', (event: LoadEvent) => {
      if (event.type === 'connected') log(`  ${event.sockets} sockets connected`);
      else if (event.type === 'phase-start') {
        before.set(event.phase, procUsage(pid));
        log(`  ${event.phase}...`);
      } else if (event.type === 'phase-end') {
        const server = usageBetween(before.get(event.result.phase)!, procUsage(pid));
        if (event.result.phase !== 'warmup') phases.push({ ...event.result, server });
        else if (event.result.errorCount) phases.push({ ...event.result, server });
      } else if (event.type === 'done') resolve(phases);
      else reject(new Error(`load generator: ${event.error}`));
    });
    generator.process.once('close', (code) => reject(new Error(`load generator exited (${code}):\n${generator.output()}`)));
  });
  const plan: LoadPlan = { url: target.url, pairs: target.pairs, options };
  generator.process.send(plan);
  const stopGenerator = () => stop(generator, 1000);
  stoppers.add(stopGenerator);
  return done.finally(() => {
    stoppers.delete(stopGenerator);
    return stopGenerator();
  });
}

export async function runBench(options: BenchOptions, log: (line: string) => void = () => undefined): Promise<TargetResult[]> {
  const results: TargetResult[] = [];
  for (const name of options.targets) {
    log(`${name}: starting, creating ${options.pairs * 2} users and ${options.pairs} conversations`);
    const target = await start(name, options.pairs);
    stoppers.add(target.stop);
    try {
      log(`${name}: ready in ${target.setupS.toFixed(1)} s at ${target.url} (pid ${target.server.process.pid})`);
      results.push({ target: name, setupS: Math.round(target.setupS * 10) / 10, phases: await measure(target, options, log) });
    } finally {
      stoppers.delete(target.stop);
      await target.stop();
    }
  }
  return results;
}
