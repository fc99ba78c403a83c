/**
 * `--all`'s last word: every figure the performance issue sets a target for, beside its baseline (the
 * relay of the same topology, measured minutes before) or its bound, with the ratio and whether the
 * target is met. Pure: the runs' results in, rows out.
 */
import type { PhaseName, TargetResult } from './bench-types';
import type { IdleResult } from './idle/run-idle';
import { SEARCH_TARGET_P99_MS } from './reads/reads-report';
import type { ReadsResult, ReadName } from './reads/reads-types';
import { cpuPerMessage, type Measured } from './report';
import { relayFor, scenarioLabel } from './scenarios';
import { SWEEP_TARGET_RATIO } from './sweep';
import { sweepSummaries } from './sweep-report';
import { textTable } from './table';

export interface CompletedRun {
  name: string;
  results: TargetResult[];
  idle: IdleResult[];
  reads: ReadsResult[];
}

export interface SummaryRow {
  run: string;
  figure: string;
  parley: number;
  /** The relay's figure of the same scenario, when the figure has one. */
  relay: number | null;
  /** parley / relay; for a figure with an absolute bound, parley / bound. */
  ratio: number | null;
  target: string;
  /** null: the target says nothing of this figure, or the run cannot tell (e.g. a generator-bound relay). */
  met: boolean | null;
}

const CPU_TARGET_RATIO = 1.7;
const IDLE_TARGET_KB = 15;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const phaseOf = (r: TargetResult | undefined, name: PhaseName) => r?.phases.find((p) => p.phase === name) as Measured | undefined;

/** p99 bounds of the reads (ms), as the issue states them. */
const READ_TARGETS: Partial<Record<ReadName, number>> = {
  latestPage: 5,
  searchCommon: SEARCH_TARGET_P99_MS,
  searchRare: SEARCH_TARGET_P99_MS,
  searchPrefix: SEARCH_TARGET_P99_MS,
};

function loadRows(run: CompletedRun): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const { target, scenario, sweep, relay, vsRelay } of sweepSummaries(run.results)) {
    if (target === 'relay') continue;
    rows.push({ run: run.name, figure: `max sustainable msg/s, ${scenario}`, parley: sweep.maxRate, relay: relay?.maxRate ?? null, ratio: vsRelay?.ratio ?? null, target: `>= ${SWEEP_TARGET_RATIO}x relay`, met: vsRelay?.targetMet ?? null });
  }
  for (const result of run.results.filter((r) => r.target !== 'relay')) {
    const label = scenarioLabel(result);
    const relay = relayFor(result, run.results);
    const open = phaseOf(result, 'open');
    const relayOpen = phaseOf(relay, 'open');
    if (open) {
      const mine = cpuPerMessage(open);
      const theirs = relayOpen ? cpuPerMessage(relayOpen) : NaN;
      const ratio = Number.isFinite(mine / theirs) ? round(mine / theirs) : null;
      rows.push({ run: run.name, figure: `server CPU ms per delivered message at ${open.rate} msg/s, ${label}`, parley: round(mine, 4), relay: Number.isFinite(theirs) ? round(theirs, 4) : null, ratio, target: `<= ${CPU_TARGET_RATIO}x relay`, met: ratio === null ? null : ratio <= CPU_TARGET_RATIO });
      rows.push({ run: run.name, figure: `delivery p99 ms at ${open.rate} msg/s, ${label}`, parley: open.deliveryMs.p99, relay: relayOpen?.deliveryMs.p99 ?? null, ratio: relayOpen?.deliveryMs.p99 ? round(open.deliveryMs.p99 / relayOpen.deliveryMs.p99) : null, target: '', met: null });
    }
    const closed = phaseOf(result, 'closed');
    const relayClosed = phaseOf(relay, 'closed');
    if (closed) {
      rows.push({ run: run.name, figure: `closed loop acked msg/s, ${label}`, parley: closed.ackedPerS, relay: relayClosed?.ackedPerS ?? null, ratio: relayClosed?.ackedPerS ? round(closed.ackedPerS / relayClosed.ackedPerS) : null, target: '(a floor for the relay when its generator saturates)', met: null });
    }
  }
  return rows;
}

function idleRows(run: CompletedRun): SummaryRow[] {
  const relay = run.idle.find((i) => i.target === 'relay');
  return run.idle
    .filter((i) => i.target !== 'relay')
    .map((i) => {
      const kb = round(i.rssBytesPerSocket / 1024, 1);
      const relayKb = relay ? round(relay.rssBytesPerSocket / 1024, 1) : null;
      return { run: run.name, figure: `idle RSS KB per socket at ${i.sockets}, ${i.target}`, parley: kb, relay: relayKb, ratio: relayKb ? round(kb / relayKb) : null, target: `<= ${IDLE_TARGET_KB} KB`, met: kb <= IDLE_TARGET_KB };
    });
}

function readsRows(run: CompletedRun): SummaryRow[] {
  return run.reads.flatMap((r) => {
    const at = `${r.db}, ${r.seed.messages.toLocaleString('en')} messages`;
    const bounded = (figure: string, value: number, bound: number, unit: string): SummaryRow => ({
      run: run.name, figure: `${figure}, ${at}`, parley: value, relay: null, ratio: round(value / bound), target: `< ${bound} ${unit}`, met: value < bound,
    });
    const rows = Object.entries(READ_TARGETS).map(([name, bound]) => bounded(`${name} p99 ms`, r.reads[name as ReadName].ms.p99, bound!, 'ms'));
    rows.push(bounded('full sync ms', r.sync.median.ms, 1_000, 'ms'));
    const measured = (figure: string, value: number): SummaryRow => ({ run: run.name, figure: `${figure}, ${at}`, parley: value, relay: null, ratio: null, target: '', met: null });
    rows.push(measured('boot s on the seeded database', r.bootSeededS), measured('database MB on disk', r.sizeMb.seeded));
    rows.push(bounded(`cheap request p99 ms while ${r.guard.clients} clients loop on ${r.guard.read}`, r.guard.cheapUnderLoad.p99, 20, 'ms'));
    return rows;
  });
}

export function summarize(runs: CompletedRun[]): SummaryRow[] {
  return runs.flatMap((run) => [...loadRows(run), ...idleRows(run), ...readsRows(run)]);
}

export function formatSummary(rows: SummaryRow[]): string {
  const met = (m: boolean | null) => (m === null ? '-' : m ? 'met' : 'NOT met');
  const cells = rows.map((r) => [r.run, r.figure, String(r.parley), r.relay === null ? '-' : String(r.relay), r.ratio === null ? '-' : `${r.ratio}x`, r.target || '-', met(r.met)]);
  return ['', 'Summary (Parley against the relay of the same run, or against the bound)', ...textTable(['run', 'figure', 'Parley', 'relay', 'ratio', 'target', ''], cells)].join('\n');
}
