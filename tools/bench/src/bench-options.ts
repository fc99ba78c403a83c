import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AdapterKind, BenchOptions, TargetName } from './bench-types';
import { WORKSPACE_ROOT } from './parley-target';

export const USAGE = `npm run bench -- [options]
  --all              every scenario of the performance issue, one run after the other (1:1 and groups of 10 max
                     rates, 1:1 at 1000 msg/s, two processes, idle memory, reads at 5M), then a summary of every
                     figure against the relay or its target, and last one JSON object of it (takes hours)
  --quick            the same as --all scaled down to under two minutes, to try the harness (also --all --quick)
  --db sqlite|postgres|both   Parley's database(s) (default sqlite); the relay always runs first
  --processes N      server processes per target, 1-3 (default 1); with 2 or 3 the relay and Parley (PostgreSQL
                     only) run over a Redis of the bench's own, and each pair's two sockets are on different processes
  --adapter classic|sharded|both   with --processes 2-3: the Redis adapter (default classic); both: one round each
  --pairs N          conversations, one sender each (default 50): sender/recipient pairs, or groups with --group-size
  --group-size N     members per conversation, 2-32 (default 2: direct, 1:1); more: groups created over REST, one
                     sender and N-1 recipient sockets each (at most 5000 sockets in all)
  --rate N           open loop: total msg/s over all senders (default 1000); with --sweep its first step
  --sweep            max sustainable rate instead of the fixed-rate open loop: open-loop steps from --rate, doubling
                     until one fails twice (>= 99.9 % delivered and delivery p99 < 100 ms), then bisecting to within 10 %
  --sweep-step S     measured seconds per sweep step (default 3), after --sweep-warmup S at its rate (default 1)
  --sweep-max N      the highest rate the sweep offers (default 50000)
  --sweep-steps N    at most this many steps per target (default 14; a failed step is run once more before it counts)
  --warmup S         open-loop warm-up seconds, not measured (default 3)
  --duration S       measured open-loop seconds (default 15)
  --closed S         closed-loop seconds, 0 to skip (default 5)
  --in-flight K      closed loop: messages each sender keeps in flight (default 10)
  --body N           message body length (default 100)
  --drain S          wait for late acks/deliveries before counting errors (default 5)
  --no-relay         skip the relay baseline
  --no-load          skip the socket load phases (with --reads or --idle: only those)
  --idle N           idle memory: RSS and heap per idle authenticated socket at N sockets, per target (e.g. 10000)
  --reads            reads at scale on a seeded database, per --db (see the README)
  --messages N       reads: messages to seed (default 5000000)
  --samples N        reads: sequential requests per measured read (default 500)
  --read-warmup N    reads: untimed requests of every read before any is timed (default 20)
  --guard S          reads: seconds of the event-loop guard (default 20)
  --guard-clients N  reads: clients looping on the heaviest read meanwhile (default 20)
  --sync-runs N      reads: full sync drains, the median is reported (default 3)
  --keep-db          reads: leave the seeded database in place (for EXPLAIN ANALYZE); drop it yourself
  --reuse-db DIR     reads: measure a database an earlier --keep-db run left in DIR again, without seeding`;

const LIMITS: Record<string, [number, number]> = {
  pairs: [1, 500],
  rate: [1, 50_000],
  warmup: [0, 60],
  duration: [0.5, 300],
  closed: [0, 300],
  'in-flight': [1, 100],
  body: [1, 4000],
  drain: [1, 60],
  messages: [10_000, 20_000_000],
  samples: [5, 10_000],
  'read-warmup': [0, 1000],
  guard: [1, 300],
  'guard-clients': [1, 200],
  'sync-runs': [1, 50],
  idle: [100, 20_000],
  processes: [1, 3],
  'group-size': [2, 32],
  'sweep-step': [1, 60],
  'sweep-warmup': [0, 30],
  'sweep-max': [10, 50_000],
  'sweep-steps': [1, 30],
};

/** Sockets of the load generator (groups x members), all connected at once. */
const MAX_SOCKETS = 5000;

/** Parses and bounds the command line, so a run is always finite in sockets, messages and time. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      adapter: { type: 'string' },
      'no-relay': { type: 'boolean', default: false },
      'no-load': { type: 'boolean', default: false },
      reads: { type: 'boolean', default: false },
      sweep: { type: 'boolean', default: false },
      'keep-db': { type: 'boolean', default: false },
      'reuse-db': { type: 'string' },
      ...Object.fromEntries(Object.keys(LIMITS).map((k) => [k, { type: 'string' as const }])),
    },
  });
  const num = (key: string, fallback: number) => {
    const raw = values[key as keyof typeof values];
    const n = raw === undefined ? fallback : Number(raw);
    const [min, max] = LIMITS[key];
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${key} must be a number in [${min}, ${max}]`);
    return n;
  };
  const dbs: Record<string, TargetName[]> = { sqlite: ['sqlite'], postgres: ['postgres'], both: ['sqlite', 'postgres'] };
  const processes = num('processes', 1);
  if (!Number.isInteger(processes)) throw new Error('--processes must be 1, 2 or 3');
  const db = dbs[values.db ?? (processes > 1 ? 'postgres' : 'sqlite')];
  if (!db) throw new Error('--db must be sqlite, postgres or both');
  // SQLite is one machine's file: several processes means PostgreSQL, as in a real scale-out.
  if (processes > 1 && db.includes('sqlite')) throw new Error('--processes 2 or 3 runs Parley on PostgreSQL only: leave out --db or say postgres');
  const adapters: Record<string, AdapterKind[]> = { classic: ['classic'], sharded: ['sharded'], both: ['classic', 'sharded'] };
  const adapter = adapters[values.adapter ?? 'classic'];
  if (!adapter) throw new Error('--adapter must be classic, sharded or both');
  if (values.adapter !== undefined && processes === 1) throw new Error('--adapter needs --processes 2 or 3 (one process has no Redis adapter)');
  const asked = (key: string) => (values as Record<string, unknown>)[key] !== undefined;
  const idleAsked = asked('idle');
  if (values['reuse-db'] !== undefined && !values.reads) throw new Error('--reuse-db goes with --reads');
  if (values['reuse-db'] !== undefined && asked('messages')) throw new Error('--messages does not go with --reuse-db: the kept database holds what it was seeded with');
  if (values['no-load'] && !values.reads && !idleAsked) throw new Error('--no-load leaves nothing to run without --reads or --idle');
  const reads = values.reads
    ? {
        messages: Math.round(num('messages', 5_000_000)),
        samples: Math.round(num('samples', 500)),
        warmup: Math.round(num('read-warmup', 20)),
        guardS: num('guard', 20),
        guardClients: Math.round(num('guard-clients', 20)),
        syncRuns: Math.round(num('sync-runs', 3)),
        keepDb: Boolean(values['keep-db']),
        ...(values['reuse-db'] !== undefined ? { reuseDb: values['reuse-db'] } : {}),
      }
    : null;
  const pairs = Math.round(num('pairs', 50));
  const groupSize = num('group-size', 2);
  if (!Number.isInteger(groupSize)) throw new Error('--group-size must be a whole number');
  if (pairs * groupSize > MAX_SOCKETS) throw new Error(`--pairs x --group-size must be at most ${MAX_SOCKETS} sockets`);
  const sweep = values.sweep
    ? { stepS: num('sweep-step', 3), warmupS: num('sweep-warmup', 1), maxRate: num('sweep-max', 50_000), maxSteps: Math.round(num('sweep-steps', 14)) }
    : null;
  return {
    targets: values['no-load'] ? [] : values['no-relay'] ? db : ['relay', ...db],
    processes,
    adapters: processes > 1 ? adapter : [],
    reads,
    idleSockets: !idleAsked ? null : Math.round(num('idle', 10_000)),
    idleTargets: values['no-relay'] ? db : ['relay', ...db],
    readsDbs: db.filter((t): t is 'sqlite' | 'postgres' => t !== 'relay'),
    pairs,
    groupSize,
    sweep,
    rate: num('rate', 1000),
    warmupS: num('warmup', 3),
    durationS: num('duration', 15),
    closedS: num('closed', 5),
    inFlight: Math.round(num('in-flight', 10)),
    bodyBytes: Math.round(num('body', 100)),
    drainS: num('drain', 5),
    outDir: join(WORKSPACE_ROOT, 'tmp/bench'),
  };
}
