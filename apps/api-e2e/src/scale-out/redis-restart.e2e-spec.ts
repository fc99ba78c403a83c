import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SocketEvent, type Conversation, type Message, type User } from '@parley/contract';
import { createUser, newClientMessageId, openConversation, postMessage, uniqueUsername, type TestUser } from '../support/factories';
import { ApiClient } from '../support/http';
import type { TestServer } from '../support/server';
import { closeAllSockets, connectSocket, receivedEvents, sendMessage, waitForEvent, type ClientSocket } from '../support/socket';
import { startCluster, type AdapterKind, type Cluster } from './support/cluster';
import { pollUntil, sleep } from './support/poll';
import { hasRedisServerBinary, noRedis, spawnRedisServer, type OwnRedis } from './support/redis';

// This suite kills and restarts Redis, so it must be a redis-server of its own: never the shared 6379.
const canSpawnRedis = hasRedisServerBinary();
if (!canSpawnRedis) noRedis('Redis restart (scale-out): needs the redis-server binary to run a Redis of its own');

/** Generous for a loaded machine; ioredis's retries before a publish fails take several seconds. */
const LOCAL_WITHIN_MS = 3_000;

describe.skipIf(!canSpawnRedis).each<AdapterKind>(['classic', 'sharded'])('Redis dies and comes back under two running API processes (postgres, %s adapter)', (adapter) => {
  let redis: OwnRedis;
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  let pids: Array<number | undefined>;
  let alice: TestUser;
  let bob: TestUser;
  let conversation: Conversation;
  let aliceOnA: ClientSocket;
  let bobOnA: ClientSocket;
  let bobOnB: ClientSocket;

  beforeAll(async () => {
    redis = await spawnRedisServer();
    cluster = await startCluster({ size: 2, database: 'postgres', redisUrl: redis.url, adapter });
    [a, b] = cluster.servers;
    pids = cluster.servers.map((s) => s.pid);
    const api = new ApiClient(a);
    alice = await createUser(api, { username: uniqueUsername('alice') });
    bob = await createUser(api, { username: uniqueUsername('bob') });
    conversation = await openConversation(api, alice, bob);
    [aliceOnA, bobOnA, bobOnB] = await Promise.all([
      connectSocket(a.url, alice.accessToken),
      connectSocket(a.url, bob.accessToken),
      connectSocket(b.url, bob.accessToken),
    ]);
  });
  afterAll(async () => {
    closeAllSockets();
    await cluster?.dispose();
    await redis?.kill('SIGTERM');
  });

  async function send(socket: ClientSocket, body: string): Promise<Message> {
    const ack = await sendMessage(socket, { conversationId: conversation.id, body, clientMessageId: newClientMessageId() }, 30_000);
    if (!ack.ok) throw new Error(`send refused: ${JSON.stringify(ack)}`);
    return ack.message;
  }

  const readiness = (server: TestServer) => new ApiClient(server).health();

  it('before: a message sent on A reaches bob on B', async () => {
    const message = await send(aliceOnA, 'before the outage');
    await waitForEvent(bobOnB, SocketEvent.MessageNew, (m) => m.id === message.id, 20_000);
  });

  it('Redis is killed: both processes stay up, report Redis down in readiness, answer liveness', async () => {
    await redis.kill('SIGKILL');
    for (const server of [a, b]) {
      await pollUntil(`readiness of ${server.url} says Redis is down`, async () => {
        const res = await readiness(server);
        return res.status === 503 && res.body.checks['redis'] === 'down';
      });
    }
    // Give a crash (an unhandled rejection from a failed publish, say) the time to happen.
    await send(aliceOnA, 'into the void');
    await sleep(5_000);
    cluster.servers.forEach((server, i) => {
      expect(server.isRunning(), `process ${i} exited; output:\n${server.logs().slice(-4000)}`).toBe(true);
      expect(server.pid).toBe(pids[i]);
    });
    for (const server of [a, b]) {
      const live = await new ApiClient(server).api('/api/health/live');
      expect(live.status, live.text).toBe(200);
    }
  });

  it('during the outage each process serves REST and its own sockets', async () => {
    for (const server of [a, b]) {
      const me = await new ApiClient(server).api<User>('/api/users/me', { token: bob.accessToken });
      expect(me.status, me.text).toBe(200);
    }
    // A socket on A to a tab on A, a REST post on B to a tab on B: no Redis on the way, so no waiting for
    // it either (the sharded adapter delivers locally only once its SPUBLISH has settled).
    const onA = await send(aliceOnA, 'local on A');
    const gotOnA = await waitForEvent(bobOnA, SocketEvent.MessageNew, (m) => m.id === onA.id, LOCAL_WITHIN_MS);
    expect(gotOnA).toEqual(onA);
    const onB = await postMessage(new ApiClient(b), bob, conversation.id, 'local on B');
    await waitForEvent(bobOnB, SocketEvent.MessageNew, (m) => m.id === onB.id, LOCAL_WITHIN_MS);
    // A new connection is accepted too.
    const aliceOnB = await connectSocket(b.url, alice.accessToken);
    const again = await postMessage(new ApiClient(b), bob, conversation.id, 'to the new tab');
    await waitForEvent(aliceOnB, SocketEvent.MessageNew, (m) => m.id === again.id, LOCAL_WITHIN_MS);
  });

  it('Redis comes back on the same port: readiness and cross-process delivery heal without restarting anything', async () => {
    await redis.start();
    for (const server of [a, b]) {
      await pollUntil(`readiness of ${server.url} is back`, async () => (await readiness(server)).status === 200, { timeoutMs: 60_000 });
    }
    // The subscriber reconnects and resubscribes on its own schedule: keep sending until one gets through.
    await pollUntil(
      'a message sent on A reaches bob on B again',
      async () => {
        const message = await send(aliceOnA, 'after the outage (A to B)');
        await sleep(1_000);
        return receivedEvents(bobOnB, SocketEvent.MessageNew).some((m) => m.id === message.id);
      },
      { timeoutMs: 90_000, intervalMs: 0 },
    );
    await pollUntil(
      'a message sent on B reaches alice on A again',
      async () => {
        const message = await send(bobOnB, 'after the outage (B to A)');
        await sleep(1_000);
        return receivedEvents(aliceOnA, SocketEvent.MessageNew).some((m) => m.id === message.id);
      },
      { timeoutMs: 90_000, intervalMs: 0 },
    );
    cluster.servers.forEach((server, i) => expect(server.pid, 'the same processes as before the outage').toBe(pids[i]));
  }, 240_000);

  it('after the outage every process tells its sockets to catch up (sync:needed), since cross-process events were lost', async () => {
    await pollUntil(
      'every socket that stayed connected through the outage got sync:needed',
      async () => [aliceOnA, bobOnA, bobOnB].every((socket) => receivedEvents(socket, SocketEvent.SyncNeeded).length > 0),
      { timeoutMs: 30_000 },
    );
  });

  it('after the outage presence is rebuilt: each process registers the sockets it holds again at its next heartbeat', async () => {
    await pollUntil(
      'alice and bob are online again, seen from both processes',
      async () => {
        for (const server of [a, b]) {
          for (const user of [alice, bob]) {
            const me = await new ApiClient(server).api<User>('/api/users/me', { token: user.accessToken });
            if (me.status !== 200 || !me.body.online) return false;
          }
        }
        return true;
      },
      // The default heartbeat is every 10 s.
      { timeoutMs: 40_000 },
    );
  }, 60_000);
});
