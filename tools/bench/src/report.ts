/** The comparison table on stdout and the JSON result file. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions, PhaseName, PhaseResult, ServerUsage, TargetResult } from './bench-types';
import type { IdleResult } from './idle/run-idle';
import type { ReadsResult } from './reads/reads-types';
import { relayFor, scenarioLabel } from './scenarios';
import { conversationsLabel, formatSweepTables, sweepSummaries } from './sweep-report';
import { textTable } from './table';
import type { CompletedRun, SummaryRow } from './summary';

export type Measured = PhaseResult & { server: ServerUsage };
type Row = [label: string, value: (p: Measured, relay: Measured | undefined) => string | number];

const ROWS: Row[] = [
  ['sent', (p) => p.sent],
  ['acked msg/s', (p) => p.ackedPerS],
  ['delivered msg/s', (p) => p.deliveredPerS],
  ['ack p50 / p95 ms', (p) => `${p.ackMs.p50} / ${p.ackMs.p95}`],
  ['ack p99 / max ms', (p) => `${p.ackMs.p99} / ${p.ackMs.max}`],
  ['deliver p50 / p95 ms', (p) => `${p.deliveryMs.p50} / ${p.deliveryMs.p95}`],
  ['deliver p99 / max ms', (p) => `${p.deliveryMs.p99} / ${p.deliveryMs.max}`],
  ['errors (all kinds)', (p) => p.errorCount],
  ['  ack {ok:false}', (p) => Object.entries(p.errors.ackErrors).map(([code, n]) => `${code} ${n}`).join(', ') || 0],
  ['  ack timeouts', (p) => p.errors.ackTimeouts],
  ['  undelivered', (p) => p.errors.undelivered],
  ['  disconnects', (p) => p.errors.disconnects],
  ['server CPU % (1 core = 100)', (p) => p.server.cpuPct],
  ['server RSS MB end / peak', (p) => `${p.server.rssMbEnd} / ${p.server.rssMbPeak}`],
  ['load-gen CPU %', (p) => p.clientCpuPct],
  ['load-gen max tick gap ms', (p) => p.maxScheduleLagMs],
];

export const cpuPerMessage = (p: Measured) => (p.delivered ? p.server.cpuMs / p.delivered : NaN);
const ratio = (a: number, b: number | undefined) => (b === undefined || !Number.isFinite(a / b) ? '-' : `${(a / b).toFixed(2)}x`);

/** With several processes: the CPU cost of a message over every process, and each Parley against the relay of its topology. */
const SCALE_OUT_ROWS: Row[] = [
  ['server CPU ms / delivered msg', (p) => cpuPerMessage(p).toFixed(3)],
  ['redis CPU % (not in the above)', (p) => p.server.redisCpuPct ?? '-'],
  ['vs relay: delivered msg/s', (p, relay) => ratio(p.deliveredPerS, relay?.deliveredPerS)],
  ['vs relay: CPU ms / msg', (p, relay) => ratio(cpuPerMessage(p), relay && cpuPerMessage(relay))],
];

/** In groups: deliveries to single recipients, which the delivery latencies are percentiles of. */
const GROUP_ROWS: Row[] = [['recipient deliveries', (p) => p.deliveries]];

/** The sweep's steps have their own table (sweep-report.ts). */
type FixedPhase = Exclude<PhaseName, 'sweep'>;

const TITLES: Record<FixedPhase, (o: BenchOptions) => string> = {
  warmup: (o) => `Warm-up (errors only): ${o.rate} msg/s for ${o.warmupS} s`,
  open: (o) => `Open loop: ${o.rate} msg/s in total over ${conversationsLabel(o)}, ${o.durationS} s after ${o.warmupS} s warm-up`,
  closed: (o) => `Closed loop: ${o.pairs} senders x ${o.inFlight} in flight${o.groupSize === 2 ? '' : `, groups of ${o.groupSize}`}, ${o.closedS} s`,
};

export function formatTable(results: TargetResult[], options: BenchOptions): string {
  const lines: string[] = [];
  const spread = options.processes > 1 ? `; ${options.processes} processes per target over Redis, each pair's sockets on two of them` : '';
  for (const phase of ['warmup', 'open', 'closed'] as FixedPhase[]) {
    const inPhase = (r: TargetResult | undefined) => r?.phases.find((x) => x.phase === phase);
    const columns = results.map((r) => ({ name: scenarioLabel(r), p: inPhase(r), relay: inPhase(relayFor(r, results)) }));
    if (!columns.some((c) => c.p)) continue;
    const rows = [...ROWS, ...(options.groupSize > 2 ? GROUP_ROWS : []), ...(options.processes > 1 ? SCALE_OUT_ROWS : [])];
    const cells = rows.map(([label, value]) => [label, ...columns.map((c) => (c.p ? String(value(c.p, c.relay)) : '-'))]);
    const header = ['', ...columns.map((c) => c.name)];
    lines.push('', TITLES[phase](options) + spread, ...textTable(header, cells));
  }
  if (options.sweep) lines.push(formatSweepTables(results, options));
  return lines.join('\n');
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Writes `<outDir>/<prefix>-<time>.json` with the time and the environment first, and returns its path. */
function writeResults(outDir: string, prefix: string, content: Record<string, unknown>): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${prefix}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const environment = { node: process.version, cpus: cpus().length, loadavg: loadavg(), commit: gitCommit() };
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), environment, ...content }, null, 2) + '\n');
  return file;
}

/** With --sweep, each scenario's max sustainable rate and its ratio, beside the raw results. */
const sweepOf = (results: TargetResult[], options: BenchOptions) => (options.sweep ? { sweep: sweepSummaries(results) } : {});

/** Writes `<outDir>/bench-<time>.json` and returns its path. */
export function writeJson(results: TargetResult[], options: BenchOptions, reads: ReadsResult[] = [], idle: IdleResult[] = []): string {
  return writeResults(options.outDir, 'bench', { options, results, ...sweepOf(results, options), reads, idle });
}

/** `--all`: every run's options and results, and the summary, in one `<outDir>/bench-all-<time>.json`. */
export function writePlanJson(runs: Array<CompletedRun & { options: BenchOptions }>, summary: SummaryRow[], outDir: string): string {
  return writeResults(outDir, 'bench-all', { summary, runs: runs.map((run) => ({ ...run, ...sweepOf(run.results, run.options) })) });
}
