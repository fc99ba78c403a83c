import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Limits, SocketEvent, type Conversation } from '@parley/contract';
import { deliveryBarrier } from './support/barrier';
import { expectHealthy } from './support/expectations';
import { createUser, createUsers, newClientMessageId, type TestUser } from './support/factories';
import { createGroup, removeMember } from './support/groups';
import { ApiClient } from './support/http';
import { sendTyping, sleep, typingEvents } from './support/presence';
import { closeAllSockets, connectSocket, emitRaw, sendMessage, waitForEvent, type ClientSocket } from './support/socket';
import { startServer, type TestServer } from './support/server';

/** The default per-socket bucket (TYPING_EVENT_BURST, TYPING_EVENTS_PER_SECOND). */
const TYPING_BURST = 10;
const TYPING_PER_SECOND = 5;

describe('typing indicators (one process)', () => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let courier: TestUser;
  let group: Conversation;
  let aliceTab: ClientSocket;
  let aliceOtherTab: ClientSocket;
  let bobTab: ClientSocket;
  let carolTab: ClientSocket;
  let daveTab: ClientSocket;

  const typingFrom = (socket: ClientSocket, userId: string, typing: boolean, timeoutMs?: number) =>
    waitForEvent(socket, SocketEvent.Typing, (t) => t.conversationId === group.id && t.userId === userId && t.typing === typing, timeoutMs);
  /** Everything emitted to `socket` before now has arrived (see deliveryBarrier). */
  const settle = (target: TestUser, socket: ClientSocket) => deliveryBarrier(client, courier, target, socket);

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite' });
    client = new ApiClient(server);
    [alice, bob, carol, dave] = await createUsers(client, 4, 'typing');
    courier = await createUser(client);
    group = await createGroup(client, alice, [bob, carol]);
    [aliceTab, aliceOtherTab, bobTab, carolTab, daveTab] = await Promise.all(
      [alice, alice, bob, carol, dave].map((u) => connectSocket(server.url, u.accessToken)),
    );
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  it("relays to the other members' devices only: not to the sender's other tabs, not to non-members", async () => {
    sendTyping(aliceTab, group.id, true);
    expect(await typingFrom(bobTab, alice.user.id, true)).toEqual({ conversationId: group.id, userId: alice.user.id, typing: true });
    expect(await typingFrom(carolTab, alice.user.id, true)).toEqual({ conversationId: group.id, userId: alice.user.id, typing: true });
    sendTyping(aliceTab, group.id, false);
    await typingFrom(bobTab, alice.user.id, false);
    await settle(alice, aliceOtherTab);
    await settle(dave, daveTab);
    expect(typingEvents(aliceOtherTab, group.id)).toEqual([]);
    expect(typingEvents(aliceTab, group.id)).toEqual([]);
    expect(typingEvents(daveTab, group.id)).toEqual([]);
  });

  it("relays nothing for a non-member, a removed member or a bad payload, and answers none of them", async () => {
    const before = typingEvents(bobTab, group.id).length;
    sendTyping(daveTab, group.id, true);
    for (const payload of [null, 'typing', { conversationId: group.id }, { conversationId: group.id, typing: 'yes' }, { conversationId: 'x', typing: true }, { conversationId: group.id, typing: true, extra: 1 }, [group.id, true]]) {
      await emitRaw(aliceTab, SocketEvent.Typing, [payload], false);
    }
    const [erin] = await createUsers(client, 1, 'typing');
    const erinGroup = await createGroup(client, erin, [alice, bob]);
    const erinTab = await connectSocket(server.url, erin.accessToken);
    await removeMember(client, erin, erinGroup.id, bob.user.id);
    sendTyping(bobTab, erinGroup.id, true);
    await settle(bob, bobTab);
    await settle(alice, aliceTab);
    await settle(erin, erinTab);
    expect(typingEvents(bobTab, group.id)).toHaveLength(before);
    expect(typingEvents(aliceTab, erinGroup.id)).toEqual([]);
    expect(typingEvents(erinTab, erinGroup.id)).toEqual([]);
    for (const tab of [aliceTab, bobTab, daveTab]) expect(tab.connected).toBe(true);
    await expectHealthy(server);
  });

  it(`ends an indicator by itself ${Limits.typingExpiresMs} ms after the last renewal`, async () => {
    sendTyping(carolTab, group.id, true);
    await typingFrom(bobTab, carol.user.id, true);
    await sleep(Limits.typingRenewMs);
    const renewedAt = Date.now();
    sendTyping(carolTab, group.id, true);
    await typingFrom(bobTab, carol.user.id, true);
    await typingFrom(bobTab, carol.user.id, false, Limits.typingExpiresMs + 5_000);
    const after = Date.now() - renewedAt;
    expect(after).toBeGreaterThanOrEqual(Limits.typingExpiresMs - 200);
    expect(after).toBeLessThan(Limits.typingExpiresMs + 2_000);
  });

  it('ends it when that tab sends a message there, and when it disconnects', async () => {
    sendTyping(aliceTab, group.id, true);
    await typingFrom(bobTab, alice.user.id, true);
    const ack = await sendMessage(aliceTab, { conversationId: group.id, body: 'done typing', clientMessageId: newClientMessageId() });
    expect(ack.ok).toBe(true);
    await typingFrom(bobTab, alice.user.id, false, 2_000);

    const leaving = await connectSocket(server.url, carol.accessToken);
    sendTyping(leaving, group.id, true);
    await typingFrom(bobTab, carol.user.id, true);
    leaving.close();
    await typingFrom(bobTab, carol.user.id, false, 2_000);
  });

  it('throttles each socket: a burst of 100 relays at most the bucket', async () => {
    const flooder = await connectSocket(server.url, alice.accessToken);
    const before = typingEvents(bobTab, group.id).filter((t) => t.userId === alice.user.id).length;
    const started = Date.now();
    for (let i = 0; i < 100; i++) sendTyping(flooder, group.id, true);
    const emittedIn = (Date.now() - started) / 1_000;
    await sleep(500);
    await settle(bob, bobTab);
    const relayed = typingEvents(bobTab, group.id).filter((t) => t.userId === alice.user.id).length - before;
    expect(relayed).toBeGreaterThanOrEqual(1);
    expect(relayed).toBeLessThanOrEqual(TYPING_BURST + Math.ceil(emittedIn * TYPING_PER_SECOND) + 1);
    expect(flooder.connected).toBe(true);
  });
});
