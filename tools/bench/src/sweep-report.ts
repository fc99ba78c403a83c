/** The sweep's tables: every step of every scenario, then each one's max sustainable rate and its ratio to the relay. */
import type { BenchOptions, SweepOutcome, TargetResult } from './bench-types';
import { relayFor, scenarioLabel } from './scenarios';
import { textTable } from './table';
import { SWEEP_MAX_P99_MS, SWEEP_MIN_DELIVERED, SWEEP_TARGET_RATIO, formatMaxRate, stepOf, sweepRatio, type SweepRatio } from './sweep';

export const conversationsLabel = (o: Pick<BenchOptions, 'pairs' | 'groupSize'>) =>
  o.groupSize === 2 ? `${o.pairs} pairs (${o.pairs * 2} sockets)` : `${o.pairs} groups of ${o.groupSize} (${o.pairs * o.groupSize} sockets)`;

export function formatRatio(r: SweepRatio | null): string {
  if (!r) return '-';
  const met = r.targetMet === null ? 'cannot tell' : r.targetMet ? 'met' : 'not met';
  return `${r.bound === '=' ? '' : `${r.bound} `}${r.ratio.toFixed(2)}x (>= ${SWEEP_TARGET_RATIO}x: ${met})`;
}

/** One summary per scenario with a sweep, with the relay's of the same run: what the table's last lines, the JSON and `--all`'s summary say. */
export function sweepSummaries(
  results: TargetResult[],
): Array<{ target: TargetResult['target']; scenario: string; sweep: SweepOutcome; relay: SweepOutcome | null; vsRelay: SweepRatio | null }> {
  return results.flatMap((r) => {
    if (!r.sweep) return [];
    const relay = relayFor(r, results)?.sweep ?? null;
    return [{ target: r.target, scenario: scenarioLabel(r), sweep: r.sweep, relay, vsRelay: relay ? sweepRatio(r.sweep, relay) : null }];
  });
}

export function formatSweepTables(results: TargetResult[], options: BenchOptions): string {
  const sweep = options.sweep!;
  const steps = results.flatMap((r) =>
    r.phases
      .filter((p) => p.phase === 'sweep')
      .map((p) => [
        scenarioLabel(r),
        String(p.rate),
        `${((p.delivered / Math.max(1, p.sent)) * 100).toFixed(2)}`,
        String(p.deliveryMs.p99),
        String(p.ackMs.p99),
        String(p.errorCount),
        String(p.server.cpuPct),
        String(p.clientCpuPct),
        p.server.loadAvg1m.toFixed(1),
        stepOf(p).passed ? 'pass' : stepOf(p).generatorBound ? 'FAIL (generator saturated)' : 'FAIL',
      ]),
  );
  const summaries = sweepSummaries(results);
  const criterion = `>= ${SWEEP_MIN_DELIVERED * 100} % delivered and delivery p99 < ${SWEEP_MAX_P99_MS} ms`;
  return [
    '',
    `Sweep: open-loop steps of ${sweep.stepS} s after ${sweep.warmupS} s warm-up, ${conversationsLabel(options)}; pass = ${criterion}`,
    ...textTable(['', 'offered msg/s', 'delivered %', 'deliver p99 ms', 'ack p99 ms', 'errors', 'server CPU %', 'load-gen CPU %', 'load avg', ''], steps),
    '',
    `Max sustainable rate (${criterion}), ${options.groupSize === 2 ? '1:1' : `groups of ${options.groupSize}`}`,
    ...textTable(
      ['', 'max msg/s', 'first failing msg/s', 'vs relay'],
      summaries.map((s) => [s.scenario, formatMaxRate(s.sweep), String(s.sweep.firstFailRate ?? '-'), formatRatio(s.vsRelay)]),
    ),
  ].join('\n');
}
