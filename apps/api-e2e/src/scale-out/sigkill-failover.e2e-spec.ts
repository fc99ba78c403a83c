import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '@parley/contract';
import { expectHealthy } from '../support/expectations';
import { createUser, openConversation, uniqueUsername, type TestUser } from '../support/factories';
import { ApiClient } from '../support/http';
import { listAllMessages } from '../support/queries';
import { databaseKinds, type ExitInfo, type TestServer } from '../support/server';
import { ChatClient } from './support/chat-client';
import { startCluster, type Cluster } from './support/cluster';
import { pollUntil } from './support/poll';
import { noRedis, redisForTests } from './support/redis';

const redis = await redisForTests();
if (!redis) noRedis('SIGKILL failover (scale-out)');
// One Redis for the whole file (a spawned one is stopped once every describe is done).
afterAll(async () => {
  await redis?.dispose();
});

const ALICE_PIPELINES = 3;
const PER_PIPELINE = 30;
const FROM_BOB = 40;
/** The victim is killed once this many of alice's sends were acknowledged through it. */
const KILL_AFTER_ACKS = 15;

/**
 * Three processes; alice's tab and one of bob's tabs are on A, bob's other tab is on B. Both keep
 * sending while A is killed with SIGKILL (no shutdown hook runs). The clients do what the web
 * client does: reconnect to another process, catch up with `?after=<last seq>`, resend what was not
 * acknowledged with the same clientMessageId.
 */
describe.skipIf(!redis).each(databaseKinds)('SIGKILL of one of three processes while both sides send (%s)', (database) => {
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  let c: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let conversation: Conversation;
  let aliceOnA: ChatClient;
  let bobOnA: ChatClient;
  let bobOnB: ChatClient;
  let exit: ExitInfo;
  /** The highest seq stored when the kill was over: anything above it was created by a survivor. */
  let seqAtKill = 0;
  let history: Message[];
  const sentIds = new Set<string>();

  beforeAll(async () => {
    cluster = await startCluster({ size: 3, database, redisUrl: redis!.url });
    [a, b, c] = cluster.servers;
    const api = new ApiClient(b);
    alice = await createUser(api, { username: uniqueUsername('alice') });
    bob = await createUser(api, { username: uniqueUsername('bob') });
    conversation = await openConversation(api, alice, bob);
    aliceOnA = new ChatClient(alice, conversation.id, cluster.servers);
    bobOnA = new ChatClient(bob, conversation.id, cluster.servers);
    bobOnB = new ChatClient(bob, conversation.id, cluster.servers);
    await Promise.all([aliceOnA.connect(a), bobOnA.connect(a), bobOnB.connect(b)]);
  });
  afterAll(async () => {
    for (const client of [aliceOnA, bobOnA, bobOnB]) client?.close();
    await cluster?.dispose();
  });

  it('traffic goes on through the kill: every send is eventually acknowledged', async () => {
    const send = async (client: ChatClient, label: string, n: number) => {
      for (let i = 1; i <= n; i++) {
        const message = await client.send(`${label} ${i}`);
        sentIds.add(message.id);
      }
    };
    const kill = async () => {
      await pollUntil(`alice has ${KILL_AFTER_ACKS} acknowledgements from A`, () => aliceOnA.acked.size >= KILL_AFTER_ACKS, {
        timeoutMs: 60_000,
        intervalMs: 5,
      });
      exit = await a.stop('SIGKILL');
      const stored = await listAllMessages(new ApiClient(c), bob.accessToken, conversation.id);
      seqAtKill = stored.at(-1)?.seq ?? 0;
    };
    await Promise.all([
      kill(),
      ...Array.from({ length: ALICE_PIPELINES }, (_, p) => send(aliceOnA, `alice ${p}`, PER_PIPELINE)),
      send(bobOnB, 'bob', FROM_BOB),
    ]);
    expect(exit).toMatchObject({ signal: 'SIGKILL', forced: false });
    expect(aliceOnA.acked.size).toBe(ALICE_PIPELINES * PER_PIPELINE);
    expect(bobOnB.acked.size).toBe(FROM_BOB);
    expect(sentIds.size).toBe(ALICE_PIPELINES * PER_PIPELINE + FROM_BOB);
  });

  it('the survivors are still the same, ready processes', async () => {
    await expectHealthy(b);
    await expectHealthy(c);
  });

  it('the tabs that were on A moved to a survivor by themselves', async () => {
    await pollUntil('both tabs of A are connected elsewhere', () =>
      [aliceOnA, bobOnA].every((t) => t.socket?.connected && t.server !== a),
    );
    expect(aliceOnA.failovers).toBeGreaterThanOrEqual(1);
    expect(bobOnA.failovers).toBeGreaterThanOrEqual(1);
    expect(bobOnB.failovers, 'the tab on B never had to move').toBe(0);
    for (const tab of [aliceOnA, bobOnA, bobOnB]) expect(tab.errors).toEqual([]);
  });

  it('no acknowledged message is lost, none is stored twice, seqs have no gap', async () => {
    history = await listAllMessages(new ApiClient(c), alice.accessToken, conversation.id);
    expect(history.map((m) => m.seq)).toEqual(history.map((_, i) => i + 1));
    const byId = new Map(history.map((m) => [m.id, m]));
    for (const m of [...aliceOnA.acked.values(), ...bobOnB.acked.values()]) expect(byId.get(m.id)).toEqual(m);
    const keys = history.map((m) => `${m.senderId}/${m.clientMessageId}`);
    expect(new Set(keys).size, 'a resent clientMessageId is stored once').toBe(keys.length);
    expect(new Set(history.map((m) => m.id))).toEqual(sentIds);
  });

  it('every message created by a survivor after the kill reached the tab on B live', async () => {
    const afterKill = history.filter((m) => m.seq > seqAtKill);
    expect(afterKill.length, 'traffic continued after the kill').toBeGreaterThan(0);
    await pollUntil('the tab on B has every message created after the kill', () => afterKill.every((m) => bobOnB.seen.has(m.seq)));
  });

  it('after catching up, every tab holds exactly the stored history', async () => {
    for (const tab of [aliceOnA, bobOnA, bobOnB]) {
      await tab.catchUp();
      expect([...tab.seen.values()].sort((x, y) => x.seq - y.seq)).toEqual(history);
    }
  });
});
