/**
 * The max-sustainable-rate sweep's decisions, pure: which rate the next open-loop step offers, whether
 * a step met the criterion, and what the sweep found. The load generator runs the steps (sweep.ts is
 * its only judge); the orchestrator and the report read the same functions.
 */
import type { PhaseResult, SweepOptions, SweepOutcome } from './bench-types';

/** The criterion: at least 99.9 % of the messages delivered (to every recipient) and delivery p99 under 100 ms. */
export const SWEEP_MIN_DELIVERED = 0.999;
export const SWEEP_MAX_P99_MS = 100;
/** The load generator is one Node process: at this CPU % of its core its own lateness is in the latencies. */
export const GENERATOR_SATURATED_CPU_PCT = 90;
/** Bisect until the passing and failing rates are this close (relative to the passing one). */
export const SWEEP_PRECISION = 0.1;
/** Below this a failing sweep stops halving. */
export const SWEEP_MIN_RATE = 10;

export interface SweepStep {
  rate: number;
  passed: boolean;
  generatorBound: boolean;
}

export function meetsCriterion(p: Pick<PhaseResult, 'sent' | 'delivered' | 'deliveryMs'>): boolean {
  return p.sent > 0 && p.delivered / p.sent >= SWEEP_MIN_DELIVERED && p.deliveryMs.p99 < SWEEP_MAX_P99_MS;
}

export function stepOf(p: Pick<PhaseResult, 'rate' | 'sent' | 'delivered' | 'deliveryMs' | 'clientCpuPct'>): SweepStep {
  return { rate: p.rate, passed: meetsCriterion(p), generatorBound: p.clientCpuPct >= GENERATOR_SATURATED_CPU_PCT };
}

/** A rate's verdict is its last step's: a failure is run again once (retried), and the retry decides. */
const verdicts = (steps: SweepStep[]) => [...new Map(steps.map((s) => [s.rate, s])).values()];
const highestPass = (steps: SweepStep[], below: number) => Math.max(0, ...verdicts(steps).filter((s) => s.passed && s.rate < below).map((s) => s.rate));
const lowestFail = (steps: SweepStep[]) => {
  const failed = verdicts(steps).filter((s) => !s.passed);
  return failed.length ? failed.reduce((a, b) => (b.rate < a.rate ? b : a)) : null;
};

/**
 * Doubles from `startRate` until a step fails, then bisects between the highest pass and the lowest
 * failure until they are within SWEEP_PRECISION; halves if the first step fails. A failed step is run
 * once more at the same rate first: on a shared machine one 3-second step can fail on a neighbour's
 * burst or the server's first JIT compilations (a relay once failed 1000 msg/s, then passed 938 with a
 * p99 of 5 ms), and the bisection trusts every verdict. Null: done — the step bound, the rate cap
 * passed, or a failure the saturated generator may have caused (nothing above it can be told apart
 * from the generator's own limit).
 */
export function nextSweepRate(startRate: number, options: Pick<SweepOptions, 'maxRate' | 'maxSteps'>, steps: SweepStep[]): number | null {
  if (!steps.length) return Math.min(startRate, options.maxRate);
  if (steps.length >= options.maxSteps) return null;
  const last = steps[steps.length - 1];
  if (!last.passed && !last.generatorBound && steps.filter((s) => s.rate === last.rate).length === 1) return last.rate;
  const fail = lowestFail(steps);
  const pass = highestPass(steps, fail?.rate ?? Infinity);
  if (!fail) return pass >= options.maxRate ? null : Math.min(pass * 2, options.maxRate);
  if (fail.generatorBound) return null;
  if (!pass) return fail.rate / 2 >= SWEEP_MIN_RATE ? Math.round(fail.rate / 2) : null;
  if ((fail.rate - pass) / pass <= SWEEP_PRECISION) return null;
  return Math.round((pass + fail.rate) / 2);
}

export function sweepOutcome(options: Pick<SweepOptions, 'maxRate' | 'maxSteps'>, steps: SweepStep[]): SweepOutcome {
  const fail = lowestFail(steps);
  const maxRate = highestPass(steps, fail?.rate ?? Infinity);
  const limitedBy: SweepOutcome['limitedBy'] = !maxRate
    ? 'none-passed'
    : !fail
      ? maxRate >= options.maxRate
        ? 'cap'
        : 'steps'
      : fail.generatorBound
        ? 'generator'
        : 'server';
  return { maxRate, limitedBy, firstFailRate: fail?.rate ?? null };
}

/** "4 500", or "≥ 20 000 (generator limit)" when what stopped the sweep was not the server. */
export function formatMaxRate(o: SweepOutcome): string {
  const n = o.maxRate.toLocaleString('en').replace(/,/g, ' ');
  if (o.limitedBy === 'server') return n;
  if (o.limitedBy === 'none-passed') return `< ${o.firstFailRate} (none passed)`;
  const why = { generator: 'generator limit', cap: 'sweep cap', steps: 'step bound' }[o.limitedBy];
  return `≥ ${n} (${why})`;
}

/** The ratio the target is stated in (≥ 0.6× the relay's max sustainable rate). */
export const SWEEP_TARGET_RATIO = 0.6;

export interface SweepRatio {
  ratio: number;
  /** `=`: both were limited by their server; `≤`/`≥`: the relay's or Parley's figure is only a lower bound; `?`: both are. */
  bound: '=' | '≤' | '≥' | '?';
  /** Whether Parley's max is at least SWEEP_TARGET_RATIO x the relay's (null: the bounds cannot tell). */
  targetMet: boolean | null;
}

export function sweepRatio(parley: SweepOutcome, relay: SweepOutcome): SweepRatio | null {
  if (!relay.maxRate) return null;
  const ratio = Math.round((parley.maxRate / relay.maxRate) * 100) / 100;
  const exact = (o: SweepOutcome) => o.limitedBy === 'server' || o.limitedBy === 'none-passed';
  const bound = exact(parley) ? (exact(relay) ? '=' : '≤') : exact(relay) ? '≥' : '?';
  const meets = parley.maxRate / relay.maxRate >= SWEEP_TARGET_RATIO;
  const targetMet = bound === '=' ? meets : bound === '≤' ? (meets ? null : false) : bound === '≥' ? (meets ? true : null) : null;
  return { ratio, bound, targetMet };
}
