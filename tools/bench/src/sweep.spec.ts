import { describe, expect, it } from 'vitest';
import type { SweepOutcome } from './bench-types';
import { formatMaxRate, meetsCriterion, nextSweepRate, stepOf, sweepOutcome, sweepRatio, type SweepStep } from './sweep';

const bounds = { maxRate: 50_000, maxSteps: 14 };

/** Runs the sweep's decisions against a server that passes every rate up to `limit` (and a generator saturating at `generatorAt`). */
function sweepAgainst(limit: number, options = bounds, generatorAt = Infinity, start = 1000): SweepStep[] {
  const steps: SweepStep[] = [];
  for (let rate = nextSweepRate(start, options, steps); rate !== null; rate = nextSweepRate(start, options, steps)) {
    steps.push({ rate, passed: rate <= limit && rate < generatorAt, generatorBound: rate >= generatorAt });
  }
  return steps;
}

const phase = (over: Partial<{ sent: number; delivered: number; p99: number; cpu: number }>) => {
  const o = { sent: 10_000, delivered: 10_000, p99: 20, cpu: 50, ...over };
  return { rate: 1000, sent: o.sent, delivered: o.delivered, deliveryMs: { count: o.delivered, p50: 1, p95: 1, p99: o.p99, max: o.p99 }, clientCpuPct: o.cpu };
};

describe('the sweep criterion', () => {
  it('passes at >= 99.9 % delivered with delivery p99 under 100 ms, and nothing sent never passes', () => {
    expect(meetsCriterion(phase({}))).toBe(true);
    expect(meetsCriterion(phase({ delivered: 9990 }))).toBe(true);
    expect(meetsCriterion(phase({ delivered: 9989 }))).toBe(false);
    expect(meetsCriterion(phase({ p99: 99.99 }))).toBe(true);
    expect(meetsCriterion(phase({ p99: 100 }))).toBe(false);
    expect(meetsCriterion(phase({ sent: 0, delivered: 0 }))).toBe(false);
  });

  it('marks a step whose load generator ran at >= 90 % of its core as generator-bound', () => {
    expect(stepOf(phase({ cpu: 89 })).generatorBound).toBe(false);
    expect(stepOf(phase({ cpu: 90 })).generatorBound).toBe(true);
  });
});

describe('nextSweepRate', () => {
  it('doubles until a step fails twice, then bisects to within 10 % of the limit', () => {
    const steps = sweepAgainst(5300);
    expect(steps.slice(0, 6).map((s) => s.rate)).toEqual([1000, 2000, 4000, 8000, 8000, 6000]);
    const outcome = sweepOutcome(bounds, steps);
    expect(outcome.limitedBy).toBe('server');
    expect(outcome.maxRate).toBeLessThanOrEqual(5300);
    expect(((outcome.firstFailRate ?? 0) - outcome.maxRate) / outcome.maxRate).toBeLessThanOrEqual(0.1);
    expect(steps.length).toBeLessThanOrEqual(bounds.maxSteps);
  });

  it('runs a failed step once more, and a retry that passes makes the rate a pass (a one-off burst is not the limit)', () => {
    const steps: SweepStep[] = [];
    const flaky = new Set([1000]);
    for (let rate = nextSweepRate(1000, bounds, steps); rate !== null; rate = nextSweepRate(1000, bounds, steps)) {
      const burst = flaky.delete(rate);
      steps.push({ rate, passed: !burst && rate <= 3000, generatorBound: false });
    }
    expect(steps.slice(0, 4).map((s) => [s.rate, s.passed])).toEqual([[1000, false], [1000, true], [2000, true], [4000, false]]);
    expect(steps[4]).toMatchObject({ rate: 4000, passed: false });
    expect(sweepOutcome(bounds, steps)).toMatchObject({ limitedBy: 'server', firstFailRate: expect.any(Number) });
    expect(sweepOutcome(bounds, steps).maxRate).toBeGreaterThan(2700);
  });

  it('halves when the first step fails', () => {
    const steps = sweepAgainst(300);
    expect(steps.slice(0, 5).map((s) => s.rate)).toEqual([1000, 1000, 500, 500, 250]);
    expect(sweepOutcome(bounds, steps)).toMatchObject({ limitedBy: 'server' });
  });

  it('stops at the rate cap and says the figure is a lower bound', () => {
    const steps = sweepAgainst(Infinity, { maxRate: 6000, maxSteps: 10 });
    expect(steps.map((s) => s.rate)).toEqual([1000, 2000, 4000, 6000]);
    const outcome = sweepOutcome({ maxRate: 6000, maxSteps: 10 }, steps);
    expect(outcome).toEqual({ maxRate: 6000, limitedBy: 'cap', firstFailRate: null });
    expect(formatMaxRate(outcome)).toBe('≥ 6 000 (sweep cap)');
  });

  it('stops at a failure of a saturated generator: above it the server cannot be told apart from the generator', () => {
    const steps = sweepAgainst(Infinity, bounds, 12_000);
    expect(steps.map((s) => s.rate)).toEqual([1000, 2000, 4000, 8000, 16_000]);
    const outcome = sweepOutcome(bounds, steps);
    expect(outcome).toEqual({ maxRate: 8000, limitedBy: 'generator', firstFailRate: 16_000 });
    expect(formatMaxRate(outcome)).toBe('≥ 8 000 (generator limit)');
  });

  it('never runs more than maxSteps steps, and reports when none passed', () => {
    expect(sweepAgainst(Infinity, { maxRate: 50_000, maxSteps: 3 })).toHaveLength(3);
    expect(sweepOutcome(bounds, sweepAgainst(Infinity, { maxRate: 50_000, maxSteps: 3 })).limitedBy).toBe('steps');
    const none = sweepAgainst(0);
    expect(none.map((s) => s.rate)).toEqual([1000, 500, 250, 125, 63, 32, 16].flatMap((r) => [r, r]));
    expect(sweepOutcome(bounds, none)).toEqual({ maxRate: 0, limitedBy: 'none-passed', firstFailRate: 16 });
  });
});

describe('sweepRatio', () => {
  const outcome = (maxRate: number, limitedBy: SweepOutcome['limitedBy']): SweepOutcome => ({ maxRate, limitedBy, firstFailRate: null });

  it('is exact when both were limited by their server, and judges the 0.6x target', () => {
    expect(sweepRatio(outcome(6000, 'server'), outcome(10_000, 'server'))).toEqual({ ratio: 0.6, bound: '=', targetMet: true });
    expect(sweepRatio(outcome(3000, 'server'), outcome(10_000, 'server'))).toEqual({ ratio: 0.3, bound: '=', targetMet: false });
  });

  it('is an upper bound when the relay only has a lower bound: a miss is a miss, a pass cannot be told', () => {
    expect(sweepRatio(outcome(3000, 'server'), outcome(10_000, 'generator'))).toEqual({ ratio: 0.3, bound: '≤', targetMet: false });
    expect(sweepRatio(outcome(8000, 'server'), outcome(10_000, 'generator'))).toEqual({ ratio: 0.8, bound: '≤', targetMet: null });
    expect(sweepRatio(outcome(8000, 'generator'), outcome(10_000, 'generator'))?.bound).toBe('?');
    expect(sweepRatio(outcome(8000, 'server'), outcome(0, 'none-passed'))).toBeNull();
  });
});
