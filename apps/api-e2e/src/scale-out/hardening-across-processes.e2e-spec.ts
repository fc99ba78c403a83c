import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, SocketCloseReason } from '@parley/contract';
import { createUser, newClientMessageId, openConversation, type TestUser } from '../support/factories';
import { ApiClient } from '../support/http';
import type { TestServer } from '../support/server';
import { closeAllSockets, connectSocket, expectClosedBy, sendMessage } from '../support/socket';
import { startCluster, type AdapterKind, type Cluster } from './support/cluster';
import { noRedis, redisForTests } from './support/redis';

const redis = await redisForTests();
if (!redis) noRedis('hardening across processes (scale-out)');
afterAll(async () => {
  await redis?.dispose();
});

/** The limits and the end of a login hold for the account, not per process: Redis carries them. */
describe.skipIf(!redis).each<AdapterKind>(['classic', 'sharded'])('two API processes on one Redis (%s adapter)', (adapter) => {
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  let bob: TestUser;

  beforeAll(async () => {
    cluster = await startCluster({
      size: 2,
      database: 'sqlite',
      redisUrl: redis!.url,
      adapter,
      env: { SEND_RATE_BURST: '20', SEND_RATE_PER_SECOND: '1', MAX_SOCKETS_PER_USER: '3' },
    });
    [a, b] = cluster.servers;
    bob = await createUser(new ApiClient(a));
  });
  afterAll(async () => {
    closeAllSockets();
    await cluster?.dispose();
  });

  it('logout on one process closes the login\'s socket on the other within 2 s', async () => {
    const alice = await createUser(new ApiClient(a));
    const onB = await connectSocket(b.url, alice.accessToken);
    expect((await new ApiClient(a).logout(alice.refreshCookie)).status).toBe(204);
    expect(await expectClosedBy(onB, SocketCloseReason.SessionEnded, 2_000)).toBeLessThan(2_000);
  });

  it('one send bucket per account: a burst of 20 split over both processes, then RATE_LIMITED on either', async () => {
    const carol = await createUser(new ApiClient(a));
    const conversationId = (await openConversation(new ApiClient(a), carol, bob)).id;
    const [onA, onB] = await Promise.all([connectSocket(a.url, carol.accessToken), connectSocket(b.url, carol.accessToken)]);
    const acks = await Promise.all(
      Array.from({ length: 30 }, (_, i) => sendMessage(i % 2 ? onA : onB, { conversationId, body: `m${i}`, clientMessageId: newClientMessageId() })),
    );
    const stored = acks.filter((ack) => ack.ok).length;
    // 20 from the burst, and at most one or two refilled while the 30 were on their way.
    expect(stored).toBeGreaterThanOrEqual(20);
    expect(stored).toBeLessThanOrEqual(22);
    const refused = acks.filter((ack) => !ack.ok);
    for (const ack of refused) expect(ack).toMatchObject({ ok: false, error: { code: ErrorCode.RateLimited, retryAfterMs: expect.any(Number) } });
  });

  it('MAX_SOCKETS_PER_USER counts the sockets on every process: the fourth closes the oldest, wherever it is', async () => {
    const dave = await createUser(new ApiClient(a));
    const first = await connectSocket(a.url, dave.accessToken);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const others = [await connectSocket(b.url, dave.accessToken), await connectSocket(a.url, dave.accessToken)];
    const fourth = await connectSocket(b.url, dave.accessToken);
    await expectClosedBy(first, SocketCloseReason.TooManySockets, 5_000);
    for (const socket of [...others, fourth]) expect(socket.connected).toBe(true);
  });
});
