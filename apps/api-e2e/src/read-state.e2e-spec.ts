import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, SocketEvent, type Conversation, type ReadMarker } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, newClientMessageId, postMessages, uniqueUsername, type TestUser } from './support/factories';
import { createGroup, getConversation, lastReadSeqOf, markRead, renameGroup } from './support/groups';
import { expectAckError, expectApiError } from './support/expectations';
import { listAllConversations } from './support/queries';
import { currentCursor, syncPage } from './support/sync';
import { closeAllSockets, connectSocket, receivedEvents, sendMessage, sendReadMarker, waitForEvent, type ClientSocket } from './support/socket';

/** alice reads on two devices; bob and carol are the other members of the group and see her markers move. */
describe.each(databaseKinds)('read markers and unread counts (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser, bob: TestUser, carol: TestUser;
  let alicePhone: ClientSocket, aliceLaptop: ClientSocket, bobTab: ClientSocket, carolTab: ClientSocket;
  let group: Conversation;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    alice = await createUser(client, { username: uniqueUsername('alice') });
    bob = await createUser(client, { username: uniqueUsername('bob') });
    carol = await createUser(client, { username: uniqueUsername('carol') });
    [alicePhone, aliceLaptop, bobTab, carolTab] = await Promise.all([alice, alice, bob, carol].map((u) => connectSocket(server.url, u.accessToken)));
    group = await createGroup(client, alice, [bob, carol]);
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  /** The caller's copy in GET /api/conversations (the list is what badges are drawn from). */
  async function listed(user: TestUser): Promise<Conversation> {
    const found = (await listAllConversations(client, user.accessToken)).find((c) => c.id === group.id);
    if (!found) throw new Error(`${user.user.username} does not list the group`);
    return found;
  }

  async function expectMarkerPushed(sockets: ClientSocket[], marker: ReadMarker): Promise<void> {
    for (const s of sockets) {
      const got = await waitForEvent(s, SocketEvent.ConversationRead, (m) => m.userId === marker.userId && m.lastReadSeq === marker.lastReadSeq);
      expect(got).toEqual(marker);
    }
  }

  it('a new group: the creator has nothing unread, the others have the created line', async () => {
    expect(await listed(alice)).toMatchObject({ unreadCount: 0, lastSeq: 1 });
    expect(await listed(bob)).toMatchObject({ unreadCount: 1, lastSeq: 1 });
    expect(lastReadSeqOf(await listed(carol), carol)).toBe(0);
  });

  it("unreadCount rises with others' messages; the sender's own messages leave theirs at 0", async () => {
    await postMessages(client, bob, group.id, 3, 'from bob'); // seq 2..4
    expect(await listed(alice)).toMatchObject({ unreadCount: 3, lastSeq: 4 });
    expect(await listed(carol)).toMatchObject({ unreadCount: 4, lastSeq: 4 });
    const bobs = await listed(bob);
    expect(bobs.unreadCount).toBe(0);
    expect(lastReadSeqOf(bobs, bob)).toBe(4);
    // Everyone sees bob's marker at his message.
    expect(lastReadSeqOf(await listed(alice), bob)).toBe(4);
  });

  it("conversation:read from alice's phone: ack with the marker, pushed to her laptop and to bob and carol; her count drops", async () => {
    const ack = await sendReadMarker(alicePhone, { conversationId: group.id, seq: 3 });
    expect(ack).toEqual({ ok: true, lastReadSeq: 3 });
    await expectMarkerPushed([aliceLaptop, bobTab, carolTab], { conversationId: group.id, userId: alice.user.id, lastReadSeq: 3 });
    const mine = await listed(alice);
    expect(mine).toMatchObject({ unreadCount: 1 });
    expect(lastReadSeqOf(mine, alice)).toBe(3);
    expect(lastReadSeqOf(await getConversation(client, carol, group.id), alice)).toBe(3);
  });

  it('a lower or equal seq is accepted and ignored: the ack carries the unchanged marker, nothing is pushed or streamed', async () => {
    const cursor = await currentCursor(client, bob);
    const pushesBefore = receivedEvents(bobTab, SocketEvent.ConversationRead).length;
    expect(await sendReadMarker(aliceLaptop, { conversationId: group.id, seq: 1 })).toEqual({ ok: true, lastReadSeq: 3 });
    expect(await sendReadMarker(aliceLaptop, { conversationId: group.id, seq: 3 })).toEqual({ ok: true, lastReadSeq: 3 });
    expect(await sendReadMarker(aliceLaptop, { conversationId: group.id, seq: 0 })).toEqual({ ok: true, lastReadSeq: 3 });
    expect(await markRead(client, alice, group.id, 2)).toEqual({ conversationId: group.id, userId: alice.user.id, lastReadSeq: 3 });
    expect(await listed(alice)).toMatchObject({ unreadCount: 1 });
    expect(await syncPage(client, bob, cursor)).toEqual({ messages: [], conversations: [], removedConversationIds: [], cursor, hasMore: false });

    // The next real move is the first push bob gets after the ignored ones.
    expect(await sendReadMarker(aliceLaptop, { conversationId: group.id, seq: 4 })).toEqual({ ok: true, lastReadSeq: 4 });
    await expectMarkerPushed([bobTab], { conversationId: group.id, userId: alice.user.id, lastReadSeq: 4 });
    expect(receivedEvents(bobTab, SocketEvent.ConversationRead).slice(pushesBefore)).toEqual([
      { conversationId: group.id, userId: alice.user.id, lastReadSeq: 4 },
    ]);
    expect(await listed(alice)).toMatchObject({ unreadCount: 0 });
  });

  it('a seq beyond lastSeq is refused (error ack, 400 seq) and the marker stays', async () => {
    expectAckError(await sendReadMarker(carolTab, { conversationId: group.id, seq: 5 }), ErrorCode.ValidationFailed, ['seq']);
    expectApiError(await client.api(`/api/conversations/${group.id}/read`, { token: carol.accessToken, body: { seq: 5 } }), 400, ErrorCode.ValidationFailed, ['seq']);
    const carols = await listed(carol);
    expect(carols.unreadCount).toBe(4);
    expect(lastReadSeqOf(carols, carol)).toBe(0);
  });

  it('REST POST /read moves the marker the same way: 200 with the marker, pushed to every member\'s devices', async () => {
    const marker = await markRead(client, carol, group.id, 2);
    expect(marker).toEqual({ conversationId: group.id, userId: carol.user.id, lastReadSeq: 2 });
    await expectMarkerPushed([carolTab, alicePhone, aliceLaptop, bobTab], marker);
    expect(await listed(carol)).toMatchObject({ unreadCount: 2 });
  });

  it("sending marks the conversation read up to one's own message, whatever was unread before", async () => {
    await postMessages(client, alice, group.id, 1, 'from alice'); // seq 5: carol's unread becomes 3
    expect(await listed(carol)).toMatchObject({ unreadCount: 3 });
    const ack = await sendMessage(carolTab, { conversationId: group.id, body: 'caught up', clientMessageId: newClientMessageId() });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    const carols = await listed(carol);
    expect(carols).toMatchObject({ unreadCount: 0, lastSeq: 6 });
    expect(lastReadSeqOf(carols, carol)).toBe(6);
    // For alice it is one more unread (hers was at 5 by sending).
    const alices = await listed(alice);
    expect(alices.unreadCount).toBe(1);
    expect(lastReadSeqOf(alices, alice)).toBe(5);
  });

  it('concurrent marks from two devices and REST end at the highest seq; no ack reports less than was asked', async () => {
    const burst = await postMessages(client, bob, group.id, 6, 'burst');
    const top = burst[burst.length - 1].seq;
    const requests = burst.flatMap((m, i) => [
      sendReadMarker(i % 2 ? alicePhone : aliceLaptop, { conversationId: group.id, seq: m.seq }).then((ack) => ({ seq: m.seq, ack })),
      markRead(client, alice, group.id, burst[burst.length - 1 - i].seq).then((marker) => ({ seq: burst[burst.length - 1 - i].seq, ack: { ok: true, ...marker } })),
    ]);
    for (const { seq, ack } of await Promise.all(requests)) {
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
      if (ack.ok) expect(ack.lastReadSeq).toBeGreaterThanOrEqual(seq);
    }
    const mine = await listed(alice);
    expect(mine.unreadCount).toBe(0);
    expect(lastReadSeqOf(mine, alice)).toBe(top);
    await expectMarkerPushed([bobTab], { conversationId: group.id, userId: alice.user.id, lastReadSeq: top });
  });

  it("others' system lines count as unread; your own group action marks the conversation read", async () => {
    const before = await listed(alice);
    expect(before.unreadCount).toBe(0);
    const renamed = await renameGroup(client, bob, group.id, 'renamed by bob');
    expect(renamed.unreadCount, "the actor's own view").toBe(0);
    expect(await listed(alice)).toMatchObject({ unreadCount: 1, lastSeq: before.lastSeq + 1 });
    expect(lastReadSeqOf(await listed(bob), bob)).toBe(before.lastSeq + 1);
  });

  it('in a direct conversation the other member sees the marker ("Seen")', async () => {
    const direct = await client.api<Conversation>('/api/conversations', { token: bob.accessToken, body: { memberIds: [alice.user.id] } });
    expect([200, 201]).toContain(direct.status);
    const [m] = await postMessages(client, bob, direct.body.id, 1, 'seen?');
    expect((await getConversation(client, alice, direct.body.id)).unreadCount).toBe(1);
    expect(await sendReadMarker(alicePhone, { conversationId: direct.body.id, seq: m.seq })).toEqual({ ok: true, lastReadSeq: m.seq });
    await expectMarkerPushed([bobTab, aliceLaptop], { conversationId: direct.body.id, userId: alice.user.id, lastReadSeq: m.seq });
    expect(lastReadSeqOf(await getConversation(client, bob, direct.body.id), alice)).toBe(m.seq);
    expect((await getConversation(client, alice, direct.body.id)).unreadCount).toBe(0);
  });
});
