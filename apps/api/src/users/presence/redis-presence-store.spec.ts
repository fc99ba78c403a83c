import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PresenceStatus } from '@parley/contract';
import { MemoryPresenceStore } from './memory-presence-store';
import type { PresenceStore } from './presence-store';
import { RedisPresenceStore } from './redis-presence-store';

const REDIS_URL = process.env['PARLEY_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/0';
const GRACE_MS = 300;
const TIMEOUT_MS = 400;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Every key of this file under one prefix of its own: nothing another suite's processes use. */
const prefix = `parley:test:${randomUUID()}:`;
const options = { graceMs: GRACE_MS, processTimeoutMs: TIMEOUT_MS, prefix };

const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
const reachable = await redis.connect().then(
  () => true,
  () => false,
);

/** The same behaviour from both stores; the Redis one on a real Redis, under a prefix of its own. */
describe.each([
  ['memory', () => new MemoryPresenceStore(GRACE_MS)],
  ['redis', () => new RedisPresenceStore(redis, randomUUID(), options)],
] as const)('presence store (%s)', (kind, create) => {
  const skip = kind === 'redis' && !reachable;
  let store: PresenceStore;
  beforeAll(() => {
    if (!skip) store = create();
  });

  it.skipIf(skip)('reports coming online once, away only when every socket is away, offline only after the grace', async () => {
    const user = randomUUID();
    expect(await store.connect(user, 's1')).toEqual({ userId: user, status: PresenceStatus.Active });
    expect(await store.connect(user, 's2')).toBeNull();
    expect(await store.setStatus(user, 's1', PresenceStatus.Away)).toBeNull();
    expect(await store.setStatus(user, 's2', PresenceStatus.Away)).toEqual({ userId: user, status: PresenceStatus.Away });
    expect((await store.lookup([user, randomUUID()])).get(user)).toBe(PresenceStatus.Away);
    expect(await store.connect(user, 's3')).toEqual({ userId: user, status: PresenceStatus.Active });
    expect(await store.disconnect(user, 's3')).toEqual({ userId: user, status: PresenceStatus.Away });
    expect(await store.disconnect(user, 's1')).toBeNull();
    expect(await store.disconnect(user, 's2')).toBeNull();
    // In the grace: still online, and nothing to publish yet.
    expect((await store.lookup([user])).get(user)).toBe(PresenceStatus.Away);
    expect((await store.sweep()).offline).toEqual([]);
    await sleep(GRACE_MS + 100);
    const { offline } = await store.sweep();
    expect(offline.map((o) => o.userId)).toEqual([user]);
    expect((await store.lookup([user])).size).toBe(0);
    expect((await store.sweep()).offline).toEqual([]);
  });

  it.skipIf(skip)('a socket back inside the grace cancels it, and is no change', async () => {
    const user = randomUUID();
    await store.connect(user, 'a');
    await store.disconnect(user, 'a');
    expect(await store.connect(user, 'b')).toBeNull();
    await sleep(GRACE_MS + 100);
    expect((await store.sweep()).offline).toEqual([]);
    expect((await store.lookup([user])).get(user)).toBe(PresenceStatus.Active);
  });
});

afterAll(async () => {
  if (reachable) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  }
  redis.disconnect();
});

describe.skipIf(!reachable)('redis presence across processes', () => {
  it('publishes each offline once, however many processes sweep at the same time', async () => {
    const stores = Array.from({ length: 4 }, () => new RedisPresenceStore(redis, randomUUID(), options));
    const users = Array.from({ length: 50 }, () => randomUUID());
    for (const [i, user] of users.entries()) {
      await stores[i % 4].connect(user, `s${i}`);
      await stores[i % 4].disconnect(user, `s${i}`);
    }
    await sleep(GRACE_MS + 100);
    const results = await Promise.all(stores.flatMap((s) => [s.sweep(), s.sweep()]));
    const published = results.flatMap((r) => r.offline.map((o) => o.userId));
    expect(published.sort()).toEqual([...users].sort());
  });

  it("a process whose heartbeat stops is taken for dead: its users go offline (dated at its last heartbeat), others' stay", async () => {
    const [dying, living] = [new RedisPresenceStore(redis, randomUUID(), options), new RedisPresenceStore(redis, randomUUID(), options)];
    await dying.heartbeat();
    await living.heartbeat();
    const [alone, both] = [randomUUID(), randomUUID()];
    await dying.connect(alone, 'x1');
    await dying.connect(both, 'x2');
    await living.connect(both, 'y2');
    await living.setStatus(both, 'y2', PresenceStatus.Away);
    const lastBeat = Date.now();
    await sleep(TIMEOUT_MS + 200);
    await living.heartbeat();
    const { offline, changed } = await living.sweep();
    expect(offline.map((o) => o.userId)).toEqual([alone]);
    expect(Math.abs(offline[0].lastSeenAt.getTime() - lastBeat)).toBeLessThan(200);
    // Its active tab died with it; the one left is away.
    expect(changed).toEqual([{ userId: both, status: PresenceStatus.Away }]);
    expect((await living.lookup([alone, both])).get(both)).toBe(PresenceStatus.Away);
    // Back from a long pause, it learns it was dropped.
    expect(await dying.heartbeat()).toBe(true);
    expect(await dying.heartbeat()).toBe(false);
  });
});
