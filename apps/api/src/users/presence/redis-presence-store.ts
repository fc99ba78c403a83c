import type Redis from 'ioredis';
import { PresenceStatus } from '@parley/contract';
import { aggregateStatus, type OnlineChange, type PresenceStore, type SweepResult, type WentOffline } from './presence-store';
import {
  CONNECT_SCRIPT,
  DISCONNECT_SCRIPT,
  HEARTBEAT_SCRIPT,
  LEAVE_SCRIPT,
  PRESENCE_PREFIX,
  SET_STATUS_SCRIPT,
  SWEEP_SCRIPT,
} from './redis-presence-scripts';

/** Sockets removed, graces ended per script call: keeps every call short for Redis's single thread. */
const BATCH = 500;

const SCRIPTS = {
  parleyPresenceConnect: { numberOfKeys: 3, lua: CONNECT_SCRIPT },
  parleyPresenceDisconnect: { numberOfKeys: 3, lua: DISCONNECT_SCRIPT },
  parleyPresenceStatus: { numberOfKeys: 1, lua: SET_STATUS_SCRIPT },
  parleyPresenceSweep: { numberOfKeys: 2, lua: SWEEP_SCRIPT },
  parleyPresenceHeartbeat: { numberOfKeys: 1, lua: HEARTBEAT_SCRIPT },
  parleyPresenceLeave: { numberOfKeys: 2, lua: LEAVE_SCRIPT },
} as const;
type ScriptName = keyof typeof SCRIPTS;
type Arg = string | number;

const keysUnder = (prefix: string) => ({
  prefix,
  user: (userId: string) => `${prefix}u:${userId}`,
  process: (processId: string) => `${prefix}p:${processId}`,
  processes: `${prefix}procs`,
  gone: `${prefix}gone`,
});

export interface RedisPresenceOptions {
  graceMs: number;
  processTimeoutMs: number;
  /** Every key starts with it (tests give theirs a prefix of its own). */
  prefix?: string;
}

const asStatus = (value: unknown): PresenceStatus | null =>
  value === PresenceStatus.Active || value === PresenceStatus.Away ? value : null;
const change = (userId: string, value: unknown): OnlineChange | null => {
  const status = asStatus(value);
  return status ? { userId, status } : null;
};

/**
 * Presence shared by every process through Redis (see redis-presence-scripts.ts for the keys). No
 * process keeps a list of who is connected: each one registers its sockets there under its own id
 * and renews a heartbeat, and any process's sweep ends graces and cleans up after dead processes.
 */
export class RedisPresenceStore implements PresenceStore {
  private readonly key: ReturnType<typeof keysUnder>;

  constructor(
    private readonly redis: Redis,
    private readonly processId: string,
    private readonly options: RedisPresenceOptions,
  ) {
    this.key = keysUnder(options.prefix ?? PRESENCE_PREFIX);
    for (const [name, definition] of Object.entries(SCRIPTS)) redis.defineCommand(name, definition);
  }

  private run(name: ScriptName, ...args: Arg[]): Promise<unknown> {
    return (this.redis as unknown as Record<ScriptName, (...a: Arg[]) => Promise<unknown>>)[name](...args);
  }

  async connect(userId: string, socketId: string): Promise<OnlineChange | null> {
    return change(userId, await this.run('parleyPresenceConnect', this.key.user(userId), this.key.process(this.processId), this.key.gone, userId, socketId));
  }

  async disconnect(userId: string, socketId: string): Promise<OnlineChange | null> {
    return change(userId, await this.run('parleyPresenceDisconnect', this.key.user(userId), this.key.process(this.processId), this.key.gone, userId, socketId));
  }

  async setStatus(userId: string, socketId: string, status: PresenceStatus): Promise<OnlineChange | null> {
    return change(userId, await this.run('parleyPresenceStatus', this.key.user(userId), socketId, status));
  }

  async sweep(): Promise<SweepResult> {
    const [offline, changed] = (await this.run(
      'parleyPresenceSweep',
      this.key.processes,
      this.key.gone,
      this.key.prefix,
      this.options.processTimeoutMs,
      this.options.graceMs,
      BATCH,
    )) as [string[], string[]];
    return { offline: pairs(offline, (userId, ms) => ({ userId, lastSeenAt: new Date(Number(ms)) })), changed: changes(changed) };
  }

  async lookup(userIds: readonly string[]): Promise<Map<string, PresenceStatus>> {
    const found = new Map<string, PresenceStatus>();
    if (!userIds.length) return found;
    // A response must not wait for ioredis's reconnect attempts: without Redis, nobody is known online.
    if (this.redis.status !== 'ready') throw new Error(`Redis is ${this.redis.status}`);
    const pipeline = this.redis.pipeline();
    for (const userId of userIds) pipeline.hgetall(this.key.user(userId));
    const replies = (await pipeline.exec()) ?? [];
    userIds.forEach((userId, i) => {
      const [error, fields] = replies[i] ?? [];
      if (error || !fields) return;
      const { _gone: gone, ...sockets } = fields as Record<string, string>;
      const status = aggregateStatus(Object.values(sockets).map(asStatus).filter((s) => s !== null)) ?? asStatus(gone?.split('|')[1]);
      if (status) found.set(userId, status);
    });
    return found;
  }

  async heartbeat(): Promise<boolean> {
    return Number(await this.run('parleyPresenceHeartbeat', this.key.processes, this.processId)) === 1;
  }

  async leave(): Promise<WentOffline[]> {
    for (let round = 0; round < 1_000; round++) {
      const [done] = (await this.run('parleyPresenceLeave', this.key.processes, this.key.gone, this.key.prefix, this.processId, BATCH)) as [number, string[]];
      if (Number(done) === 1) break;
    }
    return [];
  }
}

function pairs<T>(flat: readonly string[], make: (a: string, b: string) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push(make(flat[i], flat[i + 1]));
  return out;
}

function changes(flat: readonly string[]): OnlineChange[] {
  return pairs(flat, (userId, status) => change(userId, status)).filter((c): c is OnlineChange => c !== null);
}
