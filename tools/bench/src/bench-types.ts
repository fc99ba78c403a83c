/** What the orchestrator, the load generator and the report agree on. Plain data: it crosses process boundaries. */

import type { ReadsOptions } from './reads/reads-types';

export type TargetName = 'relay' | 'sqlite' | 'postgres';

/** REDIS_ADAPTER between several processes: Socket.IO's classic Redis adapter or the sharded one (Redis 7). */
export type AdapterKind = 'classic' | 'sharded';

/** How a target runs: one process (no Redis), or several over a Redis of the bench's own with this adapter. */
export interface Topology {
  processes: number;
  adapter: AdapterKind | null;
}

export interface BenchOptions {
  targets: TargetName[];
  /** Server processes per target (1: today's single process; 2–3: over Redis, Parley on PostgreSQL). */
  processes: number;
  /** With several processes: each adapter is a round of every target (empty with one process). */
  adapters: AdapterKind[];
  /** Conversations, each with one sender and groupSize - 1 recipients: groupSize sockets each (`--pairs`). */
  pairs: number;
  /** Members per conversation: 2 is a direct conversation (1:1), more a group (fan-out). */
  groupSize: number;
  /** The max-sustainable-rate sweep instead of the fixed-rate open loop (null: not run). */
  sweep: SweepOptions | null;
  /** Open loop: total messages per second over all senders. */
  rate: number;
  warmupS: number;
  durationS: number;
  /** Closed loop: seconds, and messages each sender keeps in flight (0 s skips the phase). */
  closedS: number;
  inFlight: number;
  bodyBytes: number;
  /** After a phase: how long to wait for missing acks and deliveries before counting them as errors. */
  drainS: number;
  outDir: string;
  /** Reads at scale on a seeded database, per Parley database (null: not run). */
  reads: ReadsOptions | null;
  readsDbs: Array<'sqlite' | 'postgres'>;
  /** Idle memory at this many sockets, per target in `idleTargets` (null: not run). */
  idleSockets: number | null;
  idleTargets: TargetName[];
}

/** One socket's identity: `auth` is the Socket.IO handshake payload. */
export interface Member {
  userId: string;
  auth: Record<string, string>;
}

/** One conversation of the load: its sender and every other member, each on a socket of its own. */
export interface LoadGroup {
  sender: Member;
  recipients: Member[];
  conversationId: string;
}

export interface SweepOptions {
  /** Measured seconds per step, after `warmupS` at the same rate. */
  stepS: number;
  warmupS: number;
  /** The highest rate offered (the generator's own bound): passing there reads "≥ maxRate". */
  maxRate: number;
  maxSteps: number;
}

export interface LoadPlan {
  /** One per server process; group i's sender and its recipients go to different ones when there are several. */
  urls: string[];
  groups: LoadGroup[];
  options: BenchOptions;
}

/** `sweep`: one step of the sweep (an open loop at `PhaseResult.rate`). */
export type PhaseName = 'warmup' | 'open' | 'closed' | 'sweep';

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface PhaseErrors {
  /** `{ok:false}` acks, by error code. */
  ackErrors: Record<string, number>;
  ackTimeouts: number;
  undelivered: number;
  disconnects: number;
}

export interface PhaseResult {
  phase: PhaseName;
  /** Seconds during which messages were sent. */
  seconds: number;
  /** Open loop: the offered total rate, msg/s (0 for the closed loop). */
  rate: number;
  sent: number;
  acked: number;
  delivered: number;
  /** Deliveries to single recipients (= delivered with 1:1; up to (groupSize - 1) x sent in groups). */
  deliveries: number;
  /** message:new seen more than once by a recipient. */
  duplicates: number;
  ackMs: LatencySummary;
  deliveryMs: LatencySummary;
  ackedPerS: number;
  deliveredPerS: number;
  errors: PhaseErrors;
  errorCount: number;
  /** Load-generator health: its own CPU % during the phase and the worst lateness of the open-loop schedule. */
  clientCpuPct: number;
  maxScheduleLagMs: number;
}

/** Summed over every server process of the target (Redis apart). */
export interface ServerUsage {
  cpuPct: number;
  cpuMs: number;
  rssMbEnd: number;
  rssMbPeak: number;
  /** The bench's own Redis, with several processes (null with one). */
  redisCpuPct: number | null;
  /** The machine's 1-minute load average at the phase's end: on a shared machine, what else was running. */
  loadAvg1m: number;
}

export interface TargetResult {
  target: TargetName;
  topology: Topology;
  phases: Array<PhaseResult & { server: ServerUsage }>;
  setupS: number;
  /** With --sweep: the highest rate whose step met the criterion (see sweep.ts). */
  sweep?: SweepOutcome;
}

export interface SweepOutcome {
  /** The highest offered rate that met it, 0 if none did. */
  maxRate: number;
  /** What stopped the sweep: a failing server, the generator (its CPU was saturated), the rate cap, the step bound, or no rate passing. */
  limitedBy: 'server' | 'generator' | 'cap' | 'steps' | 'none-passed';
  /** The lowest rate that failed, if any. */
  firstFailRate: number | null;
}

/** Messages from the load generator to the orchestrator (over the fork IPC channel). */
export type LoadEvent =
  | { type: 'connected'; sockets: number }
  | { type: 'phase-start'; phase: PhaseName; rate: number }
  | { type: 'phase-end'; result: PhaseResult }
  | { type: 'done' }
  | { type: 'failed'; error: string };
