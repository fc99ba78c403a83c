import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SocketEvent, type Conversation, type Message, type User } from '@parley/contract';
import { ApiClient } from '../support/http';
import { asOnline } from '../support/presence';
import type { TestServer } from '../support/server';
import { createUser, newClientMessageId, openConversation, postMessage, uniqueUsername, type TestUser } from '../support/factories';
import { listAllMessages } from '../support/queries';
import { closeAllSockets, connectSocket, receivedEvents, sendMessage, waitForEvent, type ClientSocket } from '../support/socket';
import { clusterVariants, startCluster, type Cluster } from './support/cluster';
import { pollUntil } from './support/poll';
import { noRedis, redisForTests, socketIoChannels } from './support/redis';

const redis = await redisForTests();
if (!redis) noRedis('cross-process chat (scale-out)');
// One Redis for the whole file (a spawned one is stopped once every describe is done).
afterAll(async () => {
  await redis?.dispose();
});

/**
 * Three API processes behind no load balancer at all: each client picks its own process, as the
 * balancer would, and the Redis adapter is the only thing that can carry an event from one to another.
 */
describe.skipIf(!redis).each(clusterVariants)('three API processes on one $database database and one Redis ($adapter adapter)', ({ database, adapter }) => {
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  let c: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let aliceOnA: ClientSocket;
  let aliceOnC: ClientSocket;
  let bobOnB: ClientSocket;
  let conversation: Conversation;

  beforeAll(async () => {
    cluster = await startCluster({ size: 3, database, redisUrl: redis!.url, adapter });
    [a, b, c] = cluster.servers;
    // Signed up on different processes: the accounts and the JWT secret are shared, not per process.
    alice = await createUser(new ApiClient(a), { username: uniqueUsername('alice') });
    bob = await createUser(new ApiClient(b), { username: uniqueUsername('bob') });
    [aliceOnA, aliceOnC, bobOnB] = await Promise.all([
      connectSocket(a.url, alice.accessToken),
      connectSocket(c.url, alice.accessToken),
      connectSocket(b.url, bob.accessToken),
    ]);
  });
  afterAll(async () => {
    closeAllSockets();
    await cluster?.dispose();
  });

  async function expectEverywhere(message: Message, sockets: ClientSocket[]): Promise<void> {
    for (const socket of sockets) {
      const got = await waitForEvent(socket, SocketEvent.MessageNew, (m) => m.id === message.id, 20_000);
      expect(got).toEqual(message);
    }
  }

  it('every process is ready with the database and Redis up', async () => {
    for (const server of cluster.servers) {
      const res = await new ApiClient(server).health();
      expect(res.status, res.text).toBe(200);
      expect(res.body.checks).toMatchObject({ database: 'up', redis: 'up' });
    }
  });

  it(`the processes carry events with the ${adapter} adapter: SSUBSCRIBE to a channel per room only when sharded`, async () => {
    // alice has tabs on A and C, bob on B: with the sharded adapter those processes, and only those,
    // subscribe to the channel of each one's room; the classic adapter has no sharded channel at all.
    const channels = await socketIoChannels(redis!.url, [alice.user.id, bob.user.id].map((id) => `user:${id}`));
    if (adapter === 'sharded') {
      expect(channels.shardSubscribers).toEqual({ [`user:${alice.user.id}`]: 2, [`user:${bob.user.id}`]: 1 });
    } else {
      expect(channels.shardSubscribers).toEqual({ [`user:${alice.user.id}`]: 0, [`user:${bob.user.id}`]: 0 });
      expect(channels.classicSubscribers, 'every process listens on the classic channels').toBeGreaterThanOrEqual(3);
    }
  });

  it('a token issued by one process is accepted by the others', async () => {
    for (const server of [b, c]) {
      const me = await new ApiClient(server).api<User>('/api/users/me', { token: alice.accessToken });
      expect(me.status, me.text).toBe(200);
      // Her tabs on A and C are connected: every process sees her online (presence is in Redis).
      expect(me.body).toEqual(asOnline(alice.user));
    }
  });

  it('alice opens the conversation on A: bob (on B) and alice\'s tab on C are told', async () => {
    conversation = await openConversation(new ApiClient(a), alice, bob);
    for (const socket of [bobOnB, aliceOnC, aliceOnA]) {
      const told = await waitForEvent(socket, SocketEvent.ConversationNew, (x) => x.id === conversation.id, 20_000);
      expect(told.members.map((m) => m.id).sort()).toEqual([alice.user.id, bob.user.id].sort());
    }
  });

  it('alice (A) and bob (B) chat live both ways; alice\'s tab on C gets every message too', async () => {
    const fromAlice = await sendMessage(aliceOnA, { conversationId: conversation.id, body: 'hi from A', clientMessageId: newClientMessageId() });
    expect(fromAlice.ok, JSON.stringify(fromAlice)).toBe(true);
    if (!fromAlice.ok) return;
    await expectEverywhere(fromAlice.message, [bobOnB, aliceOnC, aliceOnA]);

    const fromBob = await sendMessage(bobOnB, { conversationId: conversation.id, body: 'hi from B', clientMessageId: newClientMessageId() });
    expect(fromBob.ok, JSON.stringify(fromBob)).toBe(true);
    if (!fromBob.ok) return;
    await expectEverywhere(fromBob.message, [aliceOnA, aliceOnC, bobOnB]);
  });

  it('a message posted over REST on C reaches the sockets on A and B', async () => {
    const message = await postMessage(new ApiClient(c), bob, conversation.id, 'posted on C');
    await expectEverywhere(message, [aliceOnA, aliceOnC, bobOnB]);
  });

  it('a burst from both sides at once: every tab gets every message exactly once, seqs have no gap or repeat', async () => {
    const perSide = 25;
    const sends = (socket: ClientSocket, label: string) =>
      Array.from({ length: perSide }, (_, i) =>
        sendMessage(socket, { conversationId: conversation.id, body: `${label} ${i}`, clientMessageId: newClientMessageId() }, 30_000),
      );
    const acks = await Promise.all([...sends(aliceOnA, 'alice'), ...sends(bobOnB, 'bob')]);
    const sent = acks.map((ack) => {
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
      return (ack as { ok: true; message: Message }).message;
    });

    const history = await listAllMessages(new ApiClient(b), bob.accessToken, conversation.id);
    expect(history.map((m) => m.seq)).toEqual(history.map((_, i) => i + 1));
    const stored = new Map(history.map((m) => [m.id, m]));
    for (const m of sent) expect(stored.get(m.id)).toEqual(m);

    for (const socket of [aliceOnA, aliceOnC, bobOnB]) {
      await pollUntil('every tab has received every message of the burst', () =>
        sent.every((m) => receivedEvents(socket, SocketEvent.MessageNew).some((x) => x.id === m.id)),
      );
      const ids = receivedEvents(socket, SocketEvent.MessageNew).map((m) => m.id);
      expect(new Set(ids).size, 'no message is delivered twice to one tab').toBe(ids.length);
      expect(new Set(ids)).toEqual(new Set(history.map((m) => m.id)));
    }
  });

  it('the processes really share one database (SQLite: one file in WAL mode; PostgreSQL: connections from every process)', async () => {
    if (database === 'sqlite') {
      expect(cluster.sqliteFile && existsSync(cluster.sqliteFile)).toBeTruthy();
      expect(existsSync(`${cluster.sqliteFile}-wal`), 'a -wal file next to the database').toBe(true);
      return;
    }
    // Each readiness probe runs a query, so every process holds a pooled connection right now.
    for (const server of cluster.servers) expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const admin = new pg.Client({ connectionString: cluster.databaseUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ clients: string }>(
        'SELECT count(DISTINCT client_port) AS clients FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      expect(Number(rows[0].clients), 'connections held by the three API processes').toBeGreaterThanOrEqual(3);
    } finally {
      await admin.end();
    }
  });
});
