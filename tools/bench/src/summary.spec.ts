import { describe, expect, it } from 'vitest';
import { parseOptions } from './bench-options';
import type { PhaseName, ServerUsage, SweepOutcome, TargetName, TargetResult } from './bench-types';
import type { IdleResult } from './idle/run-idle';
import { planOf } from './plan';
import { formatSummary, summarize } from './summary';

const ONE = { processes: 1, adapter: null };
const latency = (p99: number) => ({ count: 100, p50: p99 / 2, p95: p99, p99, max: p99 });
const server = (cpuMs: number): ServerUsage => ({ cpuPct: 50, cpuMs, rssMbEnd: 100, rssMbPeak: 120, redisCpuPct: null, loadAvg1m: 1 });

function phase(name: PhaseName, delivered: number, cpuMs: number, p99 = 5) {
  return {
    phase: name, seconds: 10, rate: name === 'closed' ? 0 : 1000, sent: delivered, acked: delivered, delivered, deliveries: delivered, duplicates: 0,
    ackMs: latency(p99), deliveryMs: latency(p99), ackedPerS: delivered / 10, deliveredPerS: delivered / 10,
    errors: { ackErrors: {}, ackTimeouts: 0, undelivered: 0, disconnects: 0 }, errorCount: 0, clientCpuPct: 30, maxScheduleLagMs: 2, server: server(cpuMs),
  };
}

const target = (name: TargetName, phases: TargetResult['phases'], sweep?: SweepOutcome): TargetResult => ({ target: name, topology: ONE, phases, setupS: 1, ...(sweep ? { sweep } : {}) });
const idle = (name: TargetName, kb: number): IdleResult => ({
  target: name, sockets: 10_000, connectS: 5, rssBytesPerSocket: kb * 1024, heapBytesPerSocket: kb * 900,
  before: { rssBytes: 0, heapUsedBytes: 0 }, after: { rssBytes: 0, heapUsedBytes: 0 },
});

describe('--all', () => {
  it('stands for runs whose every command line the bench accepts, in full and quick', () => {
    expect(planOf(['--rate', '10'])).toBeNull();
    expect(planOf(['--quick'])).toEqual(planOf(['--all', '--quick']));
    for (const argv of [['--all'], ['--quick']]) {
      const plan = planOf(argv)!;
      expect(plan.length).toBeGreaterThanOrEqual(6);
      for (const run of plan) expect(() => parseOptions(run.argv), run.name).not.toThrow();
    }
    const full = planOf(['--all'])!.map((run) => parseOptions(run.argv));
    expect(full.some((o) => o.sweep && o.groupSize === 10)).toBe(true);
    expect(full.some((o) => o.sweep && o.processes === 2)).toBe(true);
    expect(full.some((o) => o.idleSockets === 10_000)).toBe(true);
    expect(full.some((o) => o.reads?.messages === 5_000_000 && o.readsDbs.length === 2)).toBe(true);
  });

  it('takes nothing else, so the figures are always the same scenarios', () => {
    expect(() => planOf(['--all', '--pairs', '3'])).toThrow(/take no other options/);
    expect(() => planOf(['--quick', '--db', 'both'])).toThrow(/take no other options/);
  });
});

describe('summarize', () => {
  it('puts each Parley figure beside the relay of its run, with the ratio and whether the target is met', () => {
    const rows = summarize([
      {
        name: 'max rate',
        results: [
          target('relay', [], { maxRate: 10_000, limitedBy: 'server', firstFailRate: 11_000 }),
          target('sqlite', [], { maxRate: 2_500, limitedBy: 'server', firstFailRate: 2_700 }),
        ],
        idle: [],
        reads: [],
      },
      {
        name: 'fixed',
        results: [target('relay', [phase('open', 10_000, 1_000), phase('closed', 40_000, 5_000)]), target('sqlite', [phase('open', 10_000, 1_500), phase('closed', 8_000, 5_000)])],
        idle: [idle('relay', 11.3), idle('sqlite', 14.6)],
        reads: [],
      },
    ]);
    const row = (figure: string) => rows.find((r) => r.figure.startsWith(figure))!;
    expect(row('max sustainable msg/s, sqlite')).toMatchObject({ parley: 2_500, relay: 10_000, ratio: 0.25, met: false });
    expect(row('server CPU ms per delivered message at 1000 msg/s, sqlite')).toMatchObject({ parley: 0.15, relay: 0.1, ratio: 1.5, met: true });
    expect(row('closed loop acked msg/s, sqlite')).toMatchObject({ parley: 800, relay: 4_000, ratio: 0.2, met: null });
    expect(row('idle RSS KB per socket at 10000, sqlite')).toMatchObject({ parley: 14.6, relay: 11.3, ratio: 1.29, met: true });
    expect(rows.some((r) => r.figure.includes('relay'))).toBe(false);
    const table = formatSummary(rows);
    expect(table).toContain('NOT met');
    expect(table).toContain('0.25x');
  });
});
