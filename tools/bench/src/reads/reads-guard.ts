/**
 * The event-loop guard: a cheap request, issued at a steady pace from this process, while the looper
 * process keeps N clients on a heavy read. If one read holds the server's event loop, the cheap
 * request waits behind it, and its p99 shows it. The pace is open loop (a request every 50 ms whether
 * or not the last one has answered), so a stalled server still yields a full set of samples.
 */
import { performance } from 'node:perf_hooks';
import { forkTs, stop } from '../process-control';
import { summarize } from '../stats';
import { timedGet } from './reads-http';
import type { GuardFigures, LoopEvent, LoopPlan, LoopResult, ReadRequest } from './reads-types';

const PROBE_INTERVAL_MS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type GuardResult = Omit<GuardFigures, 'cheapIdle'>;

export async function runGuard(url: string, heavy: ReadRequest, cheap: ReadRequest, clients: number, seconds: number): Promise<GuardResult> {
  const looper = forkTs('reads/read-looper.ts');
  let finished = false;
  const started = new Promise<void>((resolve) => looper.process.on('message', (e: LoopEvent) => e.type === 'started' && resolve()));
  const done = new Promise<LoopResult>((resolve, reject) => {
    looper.process.on('message', (event: LoopEvent) => {
      if (event.type === 'done') resolve(event.result);
      else if (event.type === 'failed') reject(new Error(`read looper: ${event.error}`));
    });
    looper.process.once('exit', (code) => reject(new Error(`read looper exited (${code}):\n${looper.output()}`)));
  }).finally(() => (finished = true));
  const plan: LoopPlan = { url, request: heavy, clients, seconds };
  looper.process.send(plan);
  try {
    await Promise.race([started, done]);
    // Let every looping client get its first request in before measuring.
    await sleep(200);
    const samples: number[] = [];
    let errors = 0;
    const probes: Promise<void>[] = [];
    const until = performance.now() + seconds * 1000 - 400;
    for (let next = performance.now(); !finished && next < until; next += PROBE_INTERVAL_MS) {
      probes.push(timedGet(url, cheap).then((result) => (result.status === 200 ? void samples.push(result.ms) : void errors++)));
      await sleep(Math.max(0, next + PROBE_INTERVAL_MS - performance.now()));
    }
    const loop = await done;
    await Promise.all(probes);
    return { read: heavy.name, clients, seconds, cheapUnderLoad: summarize(samples), cheapErrors: errors, loop };
  } finally {
    await stop(looper, 1000);
  }
}
