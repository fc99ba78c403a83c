/** What a run measures, in order, and where each socket of the load connects. Pure: shared by the orchestrator, the load generator and the report. */
import type { BenchOptions, TargetName, TargetResult, Topology } from './bench-types';

export interface Scenario {
  target: TargetName;
  topology: Topology;
}

/**
 * Every target per adapter round: the relay just before the Parley it is compared with, so each
 * ratio comes from two runs minutes apart on the same machine load.
 */
export function scenariosOf(options: Pick<BenchOptions, 'targets' | 'processes' | 'adapters'>): Scenario[] {
  if (options.processes === 1) return options.targets.map((target) => ({ target, topology: { processes: 1, adapter: null } }));
  return options.adapters.flatMap((adapter) => options.targets.map((target) => ({ target, topology: { processes: options.processes, adapter } })));
}

/** `postgres`, or `postgres 2p sharded` with several processes. */
export function scenarioLabel({ target, topology }: Scenario): string {
  return topology.processes === 1 ? target : `${target} ${topology.processes}p ${topology.adapter}`;
}

/**
 * Which process group i's sender and each of its `recipients` connect to: senders round-robin over the
 * processes, the recipients over the other processes (the first on the next one), so with several
 * processes every delivery crosses Redis.
 */
export function processesOfGroup(i: number, recipients: number, processes: number): { sender: number; recipients: number[] } {
  const others = Math.max(1, processes - 1);
  return { sender: i % processes, recipients: Array.from({ length: recipients }, (_, k) => (i + 1 + (k % others)) % processes) };
}

/** The relay of the same topology, for the ratio columns (undefined for the relay itself or when it did not run). */
export function relayFor(result: TargetResult, results: TargetResult[]): TargetResult | undefined {
  if (result.target === 'relay') return undefined;
  return results.find(
    (r) => r.target === 'relay' && r.topology.processes === result.topology.processes && r.topology.adapter === result.topology.adapter,
  );
}
