/** Timed, authenticated GETs against Parley: the time includes reading the whole body, as a client would. */
import { performance } from 'node:perf_hooks';
import type { LatencySummary } from '../bench-types';
import { summarize } from '../stats';
import type { ReadRequest } from './reads-types';

export interface Timed<T> {
  ms: number;
  status: number;
  body: T | null;
}

export async function timedGet<T>(url: string, request: ReadRequest): Promise<Timed<T>> {
  const started = performance.now();
  try {
    const res = await fetch(`${url}${request.path}`, { headers: { authorization: `Bearer ${request.token}` } });
    const text = await res.text();
    const ms = performance.now() - started;
    return { ms, status: res.status, body: res.ok ? (JSON.parse(text) as T) : null };
  } catch {
    return { ms: performance.now() - started, status: 0, body: null };
  }
}

export interface Sampled {
  ms: LatencySummary;
  errors: number;
}

/** `samples` requests one after another (one client: the cost of the request, not of a queue). */
export async function sample(url: string, request: ReadRequest, samples: number, check: (body: unknown) => boolean = () => true): Promise<Sampled> {
  const ms: number[] = [];
  let errors = 0;
  for (let i = 0; i < samples; i++) {
    const result = await timedGet(url, request);
    if (result.status !== 200 || !check(result.body)) errors++;
    else ms.push(result.ms);
  }
  return { ms: summarize(ms), errors };
}
