import { describe, expect, it } from 'vitest';
import type { BenchOptions } from './bench-types';
import { parseOptions } from './bench-options';
import { runBench } from './run-bench';
import { nextSweepRate, stepOf, sweepOutcome } from './sweep';

/** A short, low-rate run: it checks that the bench works end to end, never how fast anything is. */
const smokeOptions = (): BenchOptions => ({
  ...parseOptions([]),
  targets: ['relay', 'sqlite'],
  pairs: 3,
  rate: 30,
  warmupS: 0.5,
  durationS: 2,
  closedS: 1,
  inFlight: 2,
  drainS: 10,
});

describe('bench smoke run', () => {
  it('completes against the relay and Parley with every message acked and delivered, and no errors', async () => {
    const options = smokeOptions();
    const results = await runBench(options);

    expect(results.map((r) => r.target)).toEqual(options.targets);
    for (const result of results) {
      expect(result.phases.map((p) => p.phase), result.target).toEqual(['open', 'closed']);
      for (const phase of result.phases) {
        const context = `${result.target} ${phase.phase}: ${JSON.stringify(phase.errors)}`;
        expect(phase.sent, context).toBeGreaterThan(0);
        expect(phase.errorCount, context).toBe(0);
        expect(phase.acked, context).toBe(phase.sent);
        expect(phase.delivered, context).toBe(phase.sent);
      }
    }
  });
});

describe('bench smoke run over several processes', () => {
  it('two relay and two Parley processes per adapter: every message crosses Redis and is acked and delivered, no errors', async () => {
    const options: BenchOptions = { ...smokeOptions(), ...parseOptions(['--processes', '2', '--adapter', 'both']), pairs: 2, rate: 20, warmupS: 0, durationS: 1.5, closedS: 0.5 };
    const results = await runBench(options);

    expect(results.map((r) => `${r.target} ${r.topology.processes} ${r.topology.adapter}`)).toEqual([
      'relay 2 classic',
      'postgres 2 classic',
      'relay 2 sharded',
      'postgres 2 sharded',
    ]);
    for (const result of results) {
      for (const phase of result.phases) {
        const context = `${result.target} ${result.topology.adapter} ${phase.phase}: ${JSON.stringify(phase.errors)}`;
        expect(phase.sent, context).toBeGreaterThan(0);
        expect(phase.errorCount, context).toBe(0);
        expect(phase.delivered, context).toBe(phase.sent);
        expect(phase.server.redisCpuPct, context).not.toBeNull();
      }
    }
  });
});

describe('bench smoke run in groups, with the sweep', () => {
  it('groups of 3 over REST on Parley and by id on the relay: every message reaches both recipients; the sweep steps as sweep.ts says', async () => {
    const options: BenchOptions = {
      ...smokeOptions(),
      ...parseOptions(['--group-size', '3', '--sweep', '--rate', '20', '--sweep-max', '40', '--sweep-steps', '2', '--sweep-step', '1', '--sweep-warmup', '0']),
      // 3 senders, as in the 1:1 smoke run: with 1 or 2 senders Parley's closed loop loses an ack now and then
      // (a ~1 s stall, then no ack: seen on main too), which is Parley's to fix, not this test's subject.
      pairs: 3,
      closedS: 1,
    };
    const results = await runBench(options);

    expect(results.map((r) => r.target)).toEqual(['relay', 'sqlite']);
    for (const result of results) {
      const sweep = result.phases.filter((p) => p.phase === 'sweep');
      expect(sweep.length, result.target).toBeGreaterThan(0);
      // Each step's rate is the one nextSweepRate picks after the steps before it, and the outcome is theirs.
      const steps = sweep.map(stepOf);
      steps.forEach((step, i) => expect(step.rate, result.target).toBe(nextSweepRate(options.rate, options.sweep!, steps.slice(0, i))));
      expect(nextSweepRate(options.rate, options.sweep!, steps)).toBeNull();
      expect(result.sweep).toEqual(sweepOutcome(options.sweep!, steps));
      expect(result.phases.map((p) => p.phase).at(-1)).toBe('closed');
      for (const phase of result.phases) {
        const context = `${result.target} ${phase.phase} ${phase.rate}: ${JSON.stringify(phase.errors)}`;
        expect(phase.sent, context).toBeGreaterThan(0);
        expect(phase.errorCount, context).toBe(0);
        expect(phase.delivered, context).toBe(phase.sent);
        expect(phase.deliveries, context).toBe(phase.sent * 2);
        expect(phase.duplicates, context).toBe(0);
      }
    }
  });
});

describe('parseOptions', () => {
  it('1:1 without a sweep by default; --group-size and --sweep bounded', () => {
    expect(parseOptions([])).toMatchObject({ groupSize: 2, sweep: null });
    expect(parseOptions(['--group-size', '10', '--pairs', '500']).groupSize).toBe(10);
    expect(() => parseOptions(['--group-size', '20', '--pairs', '251'])).toThrow(/5000 sockets/);
    expect(parseOptions(['--group-size', '20', '--pairs', '250']).pairs).toBe(250);
    expect(() => parseOptions(['--group-size', '1'])).toThrow(/--group-size/);
    expect(() => parseOptions(['--group-size', '2.5'])).toThrow(/--group-size/);
    expect(parseOptions(['--sweep']).sweep).toEqual({ stepS: 3, warmupS: 1, maxRate: 50_000, maxSteps: 14 });
    expect(parseOptions(['--sweep', '--sweep-max', '8000', '--sweep-steps', '6']).sweep).toMatchObject({ maxRate: 8000, maxSteps: 6 });
    expect(() => parseOptions(['--sweep', '--sweep-steps', '100'])).toThrow(/--sweep-steps/);
  });

  it('refuses values outside the bounds that keep a run finite', () => {
    expect(() => parseOptions(['--pairs', '100000'])).toThrow(/--pairs/);
    expect(() => parseOptions(['--db', 'mysql'])).toThrow(/--db/);
  });

  it('runs the relay first, then the databases asked for', () => {
    expect(parseOptions(['--db', 'both']).targets).toEqual(['relay', 'sqlite', 'postgres']);
  });

  it('runs reads at scale only when asked, on every database of --db, and --no-load leaves only them', () => {
    expect(parseOptions([]).reads).toBeNull();
    const options = parseOptions(['--reads', '--no-load', '--db', 'both', '--messages', '200000']);
    expect(options.targets).toEqual([]);
    expect(options.readsDbs).toEqual(['sqlite', 'postgres']);
    expect(options.reads).toMatchObject({ messages: 200_000, samples: 500, warmup: 20, guardS: 20, guardClients: 20 });
    expect(parseOptions(['--reads']).reads?.messages).toBe(5_000_000);
    expect(() => parseOptions(['--no-load'])).toThrow(/--reads/);
    expect(parseOptions(['--reads', '--reuse-db', '/tmp/parley-bench-x']).reads?.reuseDb).toBe('/tmp/parley-bench-x');
    expect(parseOptions(['--reads']).reads?.reuseDb).toBeUndefined();
    expect(() => parseOptions(['--reuse-db', '/tmp/parley-bench-x'])).toThrow(/--reuse-db goes with --reads/);
    expect(() => parseOptions(['--reads', '--reuse-db', '/tmp/parley-bench-x', '--messages', '1000'])).toThrow(/--messages does not go with --reuse-db/);
  });

  it('measures idle memory only when asked, on the relay and each database, bounded in sockets', () => {
    expect(parseOptions([]).idleSockets).toBeNull();
    const options = parseOptions(['--idle', '10000', '--no-load', '--db', 'both']);
    expect(options).toMatchObject({ targets: [], idleSockets: 10_000, idleTargets: ['relay', 'sqlite', 'postgres'] });
    expect(parseOptions(['--idle', '500', '--no-relay']).idleTargets).toEqual(['sqlite']);
    expect(() => parseOptions(['--idle', '50000'])).toThrow(/--idle/);
  });
});
