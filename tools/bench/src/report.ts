/** The comparison table on stdout and the JSON result file. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions, PhaseName, PhaseResult, ServerUsage, TargetResult } from './bench-types';
import type { IdleResult } from './idle/run-idle';
import type { ReadsResult } from './reads/reads-types';

type Row = [label: string, value: (p: PhaseResult & { server: ServerUsage }) => string | number];

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

const TITLES: Record<PhaseName, (o: BenchOptions) => string> = {
  warmup: (o) => `Warm-up (errors only): ${o.rate} msg/s for ${o.warmupS} s`,
  open: (o) => `Open loop: ${o.rate} msg/s in total over ${o.pairs} pairs (${o.pairs * 2} sockets), ${o.durationS} s after ${o.warmupS} s warm-up`,
  closed: (o) => `Closed loop: ${o.pairs} senders x ${o.inFlight} in flight, ${o.closedS} s`,
};

export function formatTable(results: TargetResult[], options: BenchOptions): string {
  const lines: string[] = [];
  for (const phase of ['warmup', 'open', 'closed'] as PhaseName[]) {
    const columns = results.map((r) => ({ name: r.target, p: r.phases.find((x) => x.phase === phase) }));
    if (!columns.some((c) => c.p)) continue;
    const cells = ROWS.map(([label, value]) => [label, ...columns.map((c) => (c.p ? String(value(c.p)) : '-'))]);
    const header = ['', ...columns.map((c) => c.name)];
    const widths = header.map((_, i) => Math.max(...[header, ...cells].map((row) => row[i].length)));
    const format = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
    lines.push('', TITLES[phase](options), format(header), ...cells.map(format));
  }
  return lines.join('\n');
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Writes `<outDir>/bench-<time>.json` and returns its path. */
export function writeJson(results: TargetResult[], options: BenchOptions, reads: ReadsResult[] = [], idle: IdleResult[] = []): string {
  mkdirSync(options.outDir, { recursive: true });
  const file = join(options.outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const environment = { node: process.version, cpus: cpus().length, loadavg: loadavg(), commit: gitCommit() };
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), options, environment, results, reads, idle }, null, 2) + '\n');
  return file;
}
