/** What the reads orchestrator, the seeder and the read loopers agree on. Plain data: it crosses process boundaries. */
import type { LatencySummary } from '../bench-types';

export type ReadRoleName = 'big' | 'many' | 'sync' | 'probe';

export interface SeedRequest {
  db: 'sqlite' | 'postgres';
  /** The SQLite file, or the PostgreSQL connection URL. */
  location: string;
  messages: number;
  /** User ids of the API-created users, by role. */
  existing: Record<ReadRoleName, string>;
}

/** What the database holds, for the requests that read it. */
export interface SeededData {
  messages: number;
  users: number;
  conversations: number;
  memberships: number;
  bigConversationId: string;
  bigConversationMessages: number;
  manyConversations: number;
  syncCursor: number;
  syncMissed: number;
  syncConversations: number;
  /** Messages of the member of many conversations that hold seed-rows.ts's rare word. */
  manyRareMessages: number;
}

export interface SeedResult extends SeededData {
  seconds: number;
  /** CPU seconds of the seeder process (PostgreSQL's own work not included): what the seed costs on an idle machine. */
  cpuS: number;
  /** Seconds per step: plan, users, conversations, members, messages, search index, indexes, finish. */
  steps: Record<string, number>;
  messagesPerS: number;
  /** The messages table's secondary indexes, as dropped before loading and recreated after. */
  rebuiltIndexes: string[];
}

export type SeedEvent =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: SeedResult }
  | { type: 'failed'; error: string };

/** One authenticated GET, as the loopers and the probe issue it. */
export interface ReadRequest {
  name: string;
  path: string;
  token: string;
}

export interface LoopPlan {
  url: string;
  request: ReadRequest;
  clients: number;
  seconds: number;
}

export interface LoopResult {
  requests: number;
  errors: number;
  perS: number;
  ms: LatencySummary;
}

export type LoopEvent = { type: 'started' } | { type: 'done'; result: LoopResult } | { type: 'failed'; error: string };

export interface ReadsOptions {
  messages: number;
  /** Requests per measured read. */
  samples: number;
  /** Untimed requests of each read, all before any is timed (the first request after boot is timed apart). */
  warmup: number;
  /** Event-loop guard: concurrent clients on the heaviest read, for this many seconds. */
  guardClients: number;
  guardS: number;
  /** Full sync drains to run (the figure is the median). */
  syncRuns: number;
  /** Leave the seeded database in place (its location is logged) for a closer look, e.g. EXPLAIN ANALYZE. */
  keepDb: boolean;
  /** A data directory kept by an earlier `--keep-db` run: measure that database again instead of seeding one. */
  reuseDb?: string;
}

export interface GuardFigures {
  read: string;
  clients: number;
  seconds: number;
  cheapIdle: LatencySummary;
  cheapUnderLoad: LatencySummary;
  cheapErrors: number;
  loop: LoopResult;
}

export interface SyncDrain {
  ms: number;
  requests: number;
  messages: number;
  conversations: number;
}

export type ReadName = 'latestPage' | 'deepPage' | 'conversationList' | 'syncPage' | 'searchCommon' | 'searchRare' | 'searchPrefix' | 'cheap';

export interface ReadsResult {
  db: 'sqlite' | 'postgres';
  seed: SeedResult;
  /** First boot on the empty database (migrations), and boot on the seeded one. */
  bootEmptyS: number;
  bootSeededS: number;
  /** Database size on disk: right after seeding, and after the reads (SQLite: file + WAL). */
  sizeMb: { seeded: number; end: number };
  /** The server's first request after boot (a latest page): code not yet compiled, caches empty. */
  firstRequest: { read: string; ms: number };
  /** Sequential requests, one client, each read after its warm-up. */
  reads: Record<ReadName, { path: string; ms: LatencySummary; errors: number }>;
  /** The same client's GETs against a bare node:http server (bare-http.ts): what the machine alone costs. */
  floor: { ms: LatencySummary; errors: number };
  sync: { median: SyncDrain; runs: SyncDrain[]; limit: number; expectedMessages: number; expectedConversations: number; consistent: boolean };
  /** The cheap request while `guardClients` clients loop on the heaviest read; `guardOne`: while one client does. */
  guard: GuardFigures;
  guardOne: GuardFigures;
  serverRssMb: number;
  errors: number;
}
