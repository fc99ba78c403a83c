import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PresenceStatus, SocketEvent, type Page, type User } from '@parley/contract';
import { expectHealthy } from '../support/expectations';
import { createUser, createUsers, uniqueUsername, type TestUser } from '../support/factories';
import { createGroup } from '../support/groups';
import { ApiClient } from '../support/http';
import { followPresence, nextPresence, presencePushes, reportStatus, sendTyping, sleep } from '../support/presence';
import { closeAllSockets, connectSocket, waitForEvent, type ClientSocket } from '../support/socket';
import type { TestServer } from '../support/server';
import { clusterVariants, startCluster, type Cluster } from './support/cluster';
import { noRedis, redisForTests } from './support/redis';

const redis = await redisForTests();
if (!redis) noRedis('presence across processes (scale-out)');
afterAll(async () => {
  await redis?.dispose();
});

/** The documented bounds, with the default settings (no PRESENCE_* variable is set here). */
const ONLINE_WITHIN_MS = 1_000;
const GRACE_AT_LEAST_MS = 2_000;
const OFFLINE_WITHIN_MS = 10_000;
const OFFLINE_AFTER_CRASH_WITHIN_MS = 60_000;

/**
 * Three processes sharing one database and one Redis, default presence settings. The watcher is on B;
 * the people it follows connect to A (or move between A and B). Then C is stopped cleanly (a rolling
 * deploy) and A is killed with SIGKILL: no shutdown hook runs, so only B's sweep (A's heartbeat is
 * missing) can tell the watcher.
 */
describe.skipIf(!redis).each(clusterVariants)('presence across processes ($database, $adapter adapter)', ({ database, adapter }) => {
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  let c: TestServer;
  let watcher: TestUser;
  let watching: ClientSocket;

  beforeAll(async () => {
    cluster = await startCluster({ size: 3, database, redisUrl: redis!.url, adapter });
    [a, b, c] = cluster.servers;
    watcher = await createUser(new ApiClient(b), { username: uniqueUsername('watcher') });
    watching = await connectSocket(b.url, watcher.accessToken);
  });
  afterAll(async () => {
    closeAllSockets();
    await cluster?.dispose();
  });

  it('pushes online (within 1 s) and offline (after the grace, within 10 s) of a socket on the other process', async () => {
    const [bob] = await createUsers(new ApiClient(a), 1, 'bob');
    await followPresence(watching, [bob.user.id]);
    const started = Date.now();
    const bobOnA = await connectSocket(a.url, bob.accessToken);
    expect(await nextPresence(watching, bob.user.id)).toEqual({ userId: bob.user.id, online: true, lastSeenAt: null, status: PresenceStatus.Active });
    expect(Date.now() - started).toBeLessThan(ONLINE_WITHIN_MS);
    const seenFromB = await new ApiClient(b).api<Page<User>>(`/api/users?q=${bob.user.username}`, { token: watcher.accessToken });
    expect(seenFromB.body.items[0]).toMatchObject({ online: true, status: PresenceStatus.Active });

    const closedAt = Date.now();
    bobOnA.close();
    const offline = await nextPresence(watching, bob.user.id, () => true, OFFLINE_WITHIN_MS + 5_000);
    const took = Date.now() - closedAt;
    expect(took).toBeGreaterThanOrEqual(GRACE_AT_LEAST_MS);
    expect(took).toBeLessThan(OFFLINE_WITHIN_MS);
    expect(offline).toEqual({ userId: bob.user.id, online: false, lastSeenAt: expect.any(String) });
    expect(Math.abs(Date.parse(offline.lastSeenAt!) - closedAt)).toBeLessThan(1_000);
    // Published once, by one of the two sweeping processes.
    await sleep(2_000);
    expect(presencePushes(watching, bob.user.id)).toHaveLength(2);
    const fromA = await new ApiClient(a).api<Page<User>>(`/api/users?q=${bob.user.username}`, { token: watcher.accessToken });
    expect(fromA.body.items[0]).toEqual({ ...bob.user, online: false, lastSeenAt: offline.lastSeenAt });
  });

  it('a reload that lands on the other process (disconnect on A, reconnect on B inside the grace) pushes nothing', async () => {
    const [carol] = await createUsers(new ApiClient(a), 1, 'carol');
    await followPresence(watching, [carol.user.id]);
    const onA = await connectSocket(a.url, carol.accessToken);
    await nextPresence(watching, carol.user.id, (p) => p.online);
    onA.close();
    await sleep(300);
    await connectSocket(b.url, carol.accessToken);
    await sleep(OFFLINE_WITHIN_MS / 2);
    expect(presencePushes(watching, carol.user.id), 'only the first online').toHaveLength(1);
    expect((await followPresence(watching, [carol.user.id])).get(carol.user.id)).toMatchObject({ online: true, lastSeenAt: null });
  });

  it('is away only when the tabs on both processes are away', async () => {
    const [dave] = await createUsers(new ApiClient(a), 1, 'dave');
    await followPresence(watching, [dave.user.id]);
    const [onA, onB] = [await connectSocket(a.url, dave.accessToken), await connectSocket(b.url, dave.accessToken)];
    await nextPresence(watching, dave.user.id, (p) => p.online);
    await sleep(300);
    reportStatus(onA, PresenceStatus.Away);
    await sleep(300);
    reportStatus(onB, PresenceStatus.Away);
    expect(await nextPresence(watching, dave.user.id)).toMatchObject({ online: true, status: PresenceStatus.Away });
    reportStatus(onA, PresenceStatus.Active);
    expect(await nextPresence(watching, dave.user.id)).toMatchObject({ online: true, status: PresenceStatus.Active });
    expect(presencePushes(watching, dave.user.id).map((p) => p.status)).toEqual(['active', 'away', 'active']);
  });

  it('relays typing from a member on A to a member on B', async () => {
    const [erin, fred, gina] = await createUsers(new ApiClient(a), 3, 'typer');
    const group = await createGroup(new ApiClient(a), erin, [fred, gina]);
    const erinOnA = await connectSocket(a.url, erin.accessToken);
    const fredOnB = await connectSocket(b.url, fred.accessToken);
    sendTyping(erinOnA, group.id, true);
    expect(await waitForEvent(fredOnB, SocketEvent.Typing, (t) => t.conversationId === group.id)).toEqual({
      conversationId: group.id,
      userId: erin.user.id,
      typing: true,
    });
    erinOnA.close();
    await waitForEvent(fredOnB, SocketEvent.Typing, (t) => t.conversationId === group.id && !t.typing);
  });

  it('a clean stop (SIGTERM) of the process holding the only socket: offline after the grace, within 10 s', async () => {
    const [jack] = await createUsers(new ApiClient(b), 1, 'deploy');
    await followPresence(watching, [jack.user.id]);
    await connectSocket(c.url, jack.accessToken);
    await nextPresence(watching, jack.user.id, (p) => p.online);
    const stoppedAt = Date.now();
    expect((await c.stop('SIGTERM')).forced).toBe(false);
    const offline = await nextPresence(watching, jack.user.id, () => true, OFFLINE_WITHIN_MS + 5_000);
    expect(Date.now() - stoppedAt).toBeLessThan(OFFLINE_WITHIN_MS);
    expect(offline).toEqual({ userId: jack.user.id, online: false, lastSeenAt: expect.any(String) });
    expect(Math.abs(Date.parse(offline.lastSeenAt!) - stoppedAt)).toBeLessThan(2_000);
  });

  // The crash bound comes from the heartbeats in Redis keys, which no adapter carries, and takes 30-60 s:
  // run once per database, with the classic adapter.
  it('SIGKILL of the process holding the only socket: offline within 60 s, seen from the other process', async () => {
    const [hank, ivy] = await createUsers(new ApiClient(b), 2, 'victim');
    await followPresence(watching, [hank.user.id, ivy.user.id]);
    await connectSocket(a.url, hank.accessToken);
    // ivy also has a socket on B: she stays online through A's death.
    await connectSocket(a.url, ivy.accessToken);
    await connectSocket(b.url, ivy.accessToken);
    await nextPresence(watching, hank.user.id, (p) => p.online);
    await nextPresence(watching, ivy.user.id, (p) => p.online);
    await sleep(500);
    const ivyPushes = presencePushes(watching, ivy.user.id).length;
    const killedAt = Date.now();
    const exit = await a.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    const offline = await nextPresence(watching, hank.user.id, () => true, OFFLINE_AFTER_CRASH_WITHIN_MS + 10_000);
    const took = Date.now() - killedAt;
    expect(took).toBeLessThan(OFFLINE_AFTER_CRASH_WITHIN_MS);
    expect(offline).toEqual({ userId: hank.user.id, online: false, lastSeenAt: expect.any(String) });
    // Dated at A's last heartbeat: before the kill, and not long before it.
    const seen = Date.parse(offline.lastSeenAt!);
    expect(seen).toBeLessThanOrEqual(killedAt + 1_000);
    expect(seen).toBeGreaterThan(killedAt - 15_000);
    expect(presencePushes(watching, ivy.user.id), 'ivy still has her socket on B').toHaveLength(ivyPushes);
    const now = await followPresence(watching, [hank.user.id, ivy.user.id]);
    expect(now.get(ivy.user.id)).toMatchObject({ online: true });
    expect(now.get(hank.user.id)).toEqual(offline);
    await expectHealthy(b);
  }, 120_000);
});
