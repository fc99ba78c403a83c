import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchOptions, TargetName } from './bench-types';
import { WORKSPACE_ROOT } from './parley-target';

export const USAGE = `npm run bench -- [options]
  --db sqlite|postgres|both   Parley's database(s) (default sqlite); the relay always runs first
  --pairs N          sender/recipient pairs, 2 sockets each (default 50)
  --rate N           open loop: total msg/s over all senders (default 1000)
  --warmup S         open-loop warm-up seconds, not measured (default 3)
  --duration S       measured open-loop seconds (default 15)
  --closed S         closed-loop seconds, 0 to skip (default 5)
  --in-flight K      closed loop: messages each sender keeps in flight (default 10)
  --body N           message body length (default 100)
  --drain S          wait for late acks/deliveries before counting errors (default 5)
  --no-relay         skip the relay baseline`;

const LIMITS: Record<string, [number, number]> = {
  pairs: [1, 500],
  rate: [1, 50_000],
  warmup: [0, 60],
  duration: [0.5, 300],
  closed: [0, 300],
  'in-flight': [1, 100],
  body: [1, 4000],
  drain: [1, 60],
};

/** Parses and bounds the command line, so a run is always finite in sockets, messages and time. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'sqlite' },
      'no-relay': { type: 'boolean', default: false },
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
  const db = dbs[String(values.db)];
  if (!db) throw new Error('--db must be sqlite, postgres or both');
  return {
    targets: values['no-relay'] ? db : ['relay', ...db],
    pairs: Math.round(num('pairs', 50)),
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
