import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, SocketEvent, type Conversation, type Message, type ReadMarker } from '@parley/contract';
import { ApiClient } from '../support/http';
import type { TestServer } from '../support/server';
import { createUser, newClientMessageId, uniqueUsername, type TestUser } from '../support/factories';
import { addMembers, createGroup, getConversation, leaveGroup, markRead, memberIdsOf, idsOf, removeMember } from '../support/groups';
import { expectAckError, expectDelivered as expectDeliveredTo, expectNoAccess } from '../support/expectations';
import { deliveryBarrier } from '../support/barrier';
import { closeAllSockets, connectSocket, receivedEvents, sendMessage, sendReadMarker, waitForEvent, type ClientSocket } from '../support/socket';
import { clusterVariants, startCluster, type Cluster } from './support/cluster';
import { noRedis, redisForTests } from './support/redis';

const redis = await redisForTests();
if (!redis) noRedis('group membership across processes (scale-out)');
afterAll(async () => {
  await redis?.dispose();
});

const WAIT_MS = 20_000;

/**
 * Membership changes made through one process must hold at once for sockets on the other: each
 * process caches who is in a conversation, and only Redis can tell it the cache is stale. Every
 * cache involved is primed (a send through that process) before the change it must forget.
 */
describe.skipIf(!redis).each(clusterVariants)('group membership across two API processes on one $database database and Redis ($adapter adapter)', ({ database, adapter }) => {
  let cluster: Cluster;
  let a: TestServer, b: TestServer;
  let apiA: ApiClient, apiB: ApiClient;
  let alice: TestUser, bob: TestUser, carol: TestUser, dave: TestUser, courier: TestUser;
  let aliceOnA: ClientSocket, aliceOnB: ClientSocket, bobOnA: ClientSocket, bobOnB: ClientSocket, carolOnB: ClientSocket, daveOnB: ClientSocket;
  let group: Conversation;

  beforeAll(async () => {
    cluster = await startCluster({ size: 2, database, redisUrl: redis!.url, adapter });
    [a, b] = cluster.servers;
    [apiA, apiB] = [new ApiClient(a), new ApiClient(b)];
    alice = await createUser(apiA, { username: uniqueUsername('alice') });
    bob = await createUser(apiB, { username: uniqueUsername('bob') });
    carol = await createUser(apiA, { username: uniqueUsername('carol') });
    dave = await createUser(apiB, { username: uniqueUsername('dave') });
    courier = await createUser(apiA, { username: uniqueUsername('courier') });
    [aliceOnA, aliceOnB, bobOnA, bobOnB, carolOnB, daveOnB] = await Promise.all([
      connectSocket(a.url, alice.accessToken),
      connectSocket(b.url, alice.accessToken),
      connectSocket(a.url, bob.accessToken),
      connectSocket(b.url, bob.accessToken),
      connectSocket(b.url, carol.accessToken),
      connectSocket(b.url, dave.accessToken),
    ]);
  });
  afterAll(async () => {
    closeAllSockets();
    await cluster?.dispose();
  });

  async function send(socket: ClientSocket, body: string): Promise<Message> {
    const ack = await sendMessage(socket, { conversationId: group.id, body, clientMessageId: newClientMessageId() }, WAIT_MS);
    if (!ack.ok) throw new Error(`send "${body}" refused: ${JSON.stringify(ack)}`);
    return ack.message;
  }

  const expectDelivered = (message: Message, sockets: ClientSocket[]) => expectDeliveredTo(message, sockets, WAIT_MS);

  /** The group's messages this socket received with a seq above `seq`. */
  const receivedAfter = (socket: ClientSocket, seq: number) =>
    receivedEvents(socket, SocketEvent.MessageNew).filter((m) => m.conversationId === group.id && m.seq > seq);

  it('alice creates the group on A: the members\' sockets on B are told; carol (B) and bob (A) send, so both processes know them', async () => {
    group = await createGroup(apiA, alice, [bob, carol]);
    for (const s of [aliceOnB, bobOnB, carolOnB, bobOnA]) await waitForEvent(s, SocketEvent.ConversationNew, (c) => c.id === group.id, WAIT_MS);
    const fromCarol = await send(carolOnB, 'carol on B');
    await expectDelivered(fromCarol, [aliceOnA, aliceOnB, bobOnA, bobOnB]);
    const fromBob = await send(bobOnA, 'bob on A');
    await expectDelivered(fromBob, [aliceOnA, carolOnB, bobOnB]);
    // dave is refused on B (and B may remember that).
    expectAckError(await sendMessage(daveOnB, { conversationId: group.id, body: 'let me in', clientMessageId: newClientMessageId() }, WAIT_MS), ErrorCode.NotFound);
  });

  it('carol removed on A: her socket on B gets nothing sent after the 204, and her send on B is refused at once', async () => {
    await removeMember(apiA, alice, group.id, carol.user.id);
    const afterRemoval = await send(aliceOnA, 'sent right after the 204');
    expectAckError(await sendMessage(carolOnB, { conversationId: group.id, body: 'am I out?', clientMessageId: newClientMessageId() }, WAIT_MS), ErrorCode.NotFound);
    const removalSeq = afterRemoval.seq - 1;

    await expectDelivered(afterRemoval, [aliceOnB, bobOnA, bobOnB]);
    const update = await waitForEvent(carolOnB, SocketEvent.ConversationUpdated, (c) => c.id === group.id, WAIT_MS);
    expect(memberIdsOf(update)).toEqual(idsOf([alice, bob]));
    await deliveryBarrier(apiA, courier, carol, carolOnB);
    expect(receivedAfter(carolOnB, removalSeq), 'nothing after her removal reached carol on B').toEqual([]);
    await expectNoAccess(apiB, carol, carolOnB, group.id);
  });

  it('dave added on A: his socket on B receives what is sent right after the 200 and can send at once', async () => {
    await addMembers(apiA, alice, group.id, [dave]);
    const welcome = await send(aliceOnA, 'welcome, dave');
    const fromDave = await send(daveOnB, 'dave on B, straight away');
    await expectDelivered(welcome, [daveOnB, bobOnB, aliceOnB]);
    await expectDelivered(fromDave, [aliceOnA, aliceOnB, bobOnA, bobOnB, daveOnB]);
    const told = await waitForEvent(daveOnB, SocketEvent.ConversationNew, (c) => c.id === group.id, WAIT_MS);
    expect(memberIdsOf(told)).toEqual(idsOf([alice, bob, dave]));
  });

  it('bob leaves through B: his tab on A gets nothing sent after the 204, and his send on A is refused at once', async () => {
    await leaveGroup(apiB, bob, group.id);
    const afterLeave = await send(daveOnB, 'sent right after bob left');
    expectAckError(await sendMessage(bobOnA, { conversationId: group.id, body: 'still in?', clientMessageId: newClientMessageId() }, WAIT_MS), ErrorCode.NotFound);
    await expectDelivered(afterLeave, [aliceOnA, aliceOnB, daveOnB]);
    await deliveryBarrier(apiB, courier, bob, bobOnA);
    await deliveryBarrier(apiB, courier, bob, bobOnB);
    expect(receivedAfter(bobOnA, afterLeave.seq - 1)).toEqual([]);
    expect(receivedAfter(bobOnB, afterLeave.seq - 1)).toEqual([]);
    await expectNoAccess(apiA, bob, bobOnA, group.id);
  });

  it('read markers travel between processes: to the reader\'s other device and to the other members; both processes agree on the counts', async () => {
    const expectPushed = async (sockets: ClientSocket[], marker: ReadMarker) => {
      for (const s of sockets) {
        const got = await waitForEvent(s, SocketEvent.ConversationRead, (m) => m.userId === marker.userId && m.lastReadSeq === marker.lastReadSeq, WAIT_MS);
        expect(got).toEqual(marker);
      }
    };
    // Each member's own message moves their marker, so each mark below really moves one.
    const fromAlice = await send(aliceOnA, 'read this, dave');
    expect(await sendReadMarker(daveOnB, { conversationId: group.id, seq: fromAlice.seq }, WAIT_MS)).toEqual({ ok: true, lastReadSeq: fromAlice.seq });
    await expectPushed([aliceOnA, aliceOnB], { conversationId: group.id, userId: dave.user.id, lastReadSeq: fromAlice.seq });

    const fromDave = await send(daveOnB, 'and this, alice');
    const lastSeq = fromDave.seq;
    for (const api of [apiA, apiB]) expect(await getConversation(api, alice, group.id)).toMatchObject({ unreadCount: 1, lastSeq });
    const marker = await markRead(apiA, alice, group.id, lastSeq);
    expect(marker).toEqual({ conversationId: group.id, userId: alice.user.id, lastReadSeq: lastSeq });
    await expectPushed([aliceOnB, daveOnB], marker);
    for (const api of [apiA, apiB]) {
      expect(await getConversation(api, alice, group.id)).toMatchObject({ unreadCount: 0 });
      expect((await getConversation(api, dave, group.id)).readState.find((r) => r.userId === alice.user.id)).toEqual({ userId: alice.user.id, lastReadSeq: lastSeq });
    }
    // Bob, gone, is told of no marker in the group any more.
    await deliveryBarrier(apiA, courier, bob, bobOnB);
    const late = receivedEvents(bobOnB, SocketEvent.ConversationRead).filter((m) => m.conversationId === group.id && m.lastReadSeq >= fromAlice.seq);
    expect(late).toEqual([]);
  });
});
