/**
 * The read-looper process: `clients` concurrent clients, each repeating one heavy read back to back for
 * a number of seconds, while the orchestrator measures a cheap request against the same server. Its
 * own process, so parsing the heavy responses does not delay the orchestrator's own measurements.
 */
import { performance } from 'node:perf_hooks';
import { summarize } from '../stats';
import { timedGet } from './reads-http';
import type { LoopEvent, LoopPlan } from './reads-types';

const report = (event: LoopEvent) => new Promise<void>((resolve) => (process.send ? process.send(event, undefined, {}, () => resolve()) : resolve()));

async function run(plan: LoopPlan): Promise<void> {
  const deadline = performance.now() + plan.seconds * 1000;
  const ms: number[] = [];
  let errors = 0;
  const client = async () => {
    while (performance.now() < deadline) {
      const result = await timedGet(plan.url, plan.request);
      if (result.status === 200) ms.push(result.ms);
      else errors++;
    }
  };
  const started = performance.now();
  void report({ type: 'started' });
  await Promise.all(Array.from({ length: plan.clients }, client));
  const seconds = (performance.now() - started) / 1000;
  await report({ type: 'done', result: { requests: ms.length + errors, errors, perS: Math.round(ms.length / seconds), ms: summarize(ms) } });
}

process.once('message', (plan: LoopPlan) => {
  run(plan).then(
    () => process.exit(0),
    async (error: unknown) => {
      await report({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
});
