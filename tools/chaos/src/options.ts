/** What a run does; every field can be set by a flag (`--duration 30`) or an env var (`CHAOS_DURATION=30`). */
export interface ChaosOptions {
  /** Seconds of traffic and chaos. */
  duration: number;
  users: number;
  /** Each user gets 1..devices devices (the seed decides). */
  devices: number;
  /** Direct conversations each user has at least. */
  peers: number;
  /** Groups of 3–5 members made at the start. */
  groups: number;
  /** Membership changes (rename, add, remove, leave, add back) per minute, plus one of each guaranteed. */
  groupChanges: number;
  /** Read markers (`conversation:read`) per device per minute. */
  reads: number;
  /** Message actions (react, take back, reply, edit, delete) per device per minute. */
  actions: number;
  /** `limit` of each sync request (at most 10 per catch-up): a small one makes devices start afresh (conversation list + histories). */
  syncPage: number;
  processes: number;
  /** Messages per second per device. */
  rate: number;
  /** Chaos events per minute, per kind (plus one of each kind guaranteed in every run). */
  drops: number;
  kills: number;
  redisRestarts: number;
  /** Seconds to let outboxes drain after the chaos, before the final sync. */
  settle: number;
  seed: number;
  /** Also write the report as JSON to this file. */
  json: string;
  apiMain: string;
  pgUrl: string;
}

const defaults: ChaosOptions = {
  duration: 60,
  users: 16,
  devices: 2,
  peers: 3,
  groups: 4,
  groupChanges: 12,
  reads: 6,
  actions: 6,
  syncPage: 500,
  processes: 3,
  rate: 0.5,
  drops: 12,
  kills: 3,
  redisRestarts: 2,
  settle: 30,
  seed: Date.now() % 1_000_000,
  json: '',
  apiMain: 'dist/apps/api/main.js',
  pgUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
};

const toEnvName = (key: string) => `CHAOS_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
const toFlag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function usage(): string {
  return [
    'Usage: npm run chaos -- [flags]   (each flag also as an env var)',
    ...Object.entries(defaults).map(([k, v]) => `  ${toFlag(k).padEnd(18)} ${toEnvName(k).padEnd(22)} default ${JSON.stringify(v)}`),
  ].join('\n');
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): ChaosOptions {
  const options: Record<string, string | number> = { ...defaults };
  const set = (key: string, raw: string, from: string) => {
    if (typeof defaults[key as keyof ChaosOptions] === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${from}: not a non-negative number: ${raw}`);
      options[key] = n;
    } else options[key] = raw;
  };
  for (const key of Object.keys(defaults)) {
    const value = env[toEnvName(key)];
    if (value !== undefined && value !== '') set(key, value, toEnvName(key));
  }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const key = Object.keys(defaults).find((k) => toFlag(k) === flag);
    if (!key) throw new Error(`unknown flag ${argv[i]}\n${usage()}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    set(key, value, flag);
  }
  const result = options as unknown as ChaosOptions;
  if (result.users < 2 || result.processes < 1 || result.devices < 1) throw new Error('need users >= 2, processes >= 1, devices >= 1');
  return result;
}
