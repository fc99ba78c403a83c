import type { LatencySummary } from './bench-types';

const round = (ms: number) => Math.round(ms * 100) / 100;

/** Nearest-rank percentiles, in milliseconds rounded to 0.01. */
export function summarize(samples: number[]): LatencySummary {
  if (!samples.length) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { count: sorted.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted[sorted.length - 1]) };
}
