import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationKind, ErrorCode, SocketEvent, type Conversation, type Message, type MessagePage, type Page, type User } from '@parley/contract';
import { ApiClient } from './support/http';
import { asOnline } from './support/presence';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, newClientMessageId, openConversation, postMessage, uniqueUsername, type TestUser } from './support/factories';
import { expectApiError, expectAckError } from './support/expectations';
import { closeAllSockets, connectSocket, receivedEvents, sendMessage, waitForEvent, type ClientSocket } from './support/socket';

describe.each(databaseKinds)('two users chat live, a third sees nothing (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser;
  let bob: TestUser;
  let mallory: TestUser;
  let aliceTab1: ClientSocket;
  let aliceTab2: ClientSocket;
  let bobTab: ClientSocket;
  let malloryTab: ClientSocket;
  let conversation: Conversation;
  const exchanged: Message[] = [];

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    alice = await createUser(client, { username: uniqueUsername('alice'), displayName: 'Alice Liddell' });
    bob = await createUser(client, { username: uniqueUsername('bob'), displayName: 'Bob Builder' });
    mallory = await createUser(client, { username: uniqueUsername('mallory') });
    [aliceTab1, aliceTab2, bobTab, malloryTab] = await Promise.all(
      [alice, alice, bob, mallory].map((u) => connectSocket(server.url, u.accessToken)),
    );
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  /** Every one of these sockets gets this exact message as `message:new`. */
  async function expectDelivered(message: Message, sockets: ClientSocket[]): Promise<void> {
    for (const s of sockets) {
      const got = await waitForEvent(s, SocketEvent.MessageNew, (m) => m.id === message.id);
      expect(got).toEqual(message);
    }
  }

  it('they find each other by username and by display name', async () => {
    const byUsername = await client.api<Page<User>>(`/api/users?q=${bob.user.username}`, { token: alice.accessToken });
    expect(byUsername.status, byUsername.text).toBe(200);
    // bob has a tab open: he is listed online.
    expect(byUsername.body.items).toEqual([asOnline(bob.user)]);
    const byDisplayName = await client.api<Page<User>>(`/api/users?q=alice%20lid`, { token: bob.accessToken });
    expect(byDisplayName.status, byDisplayName.text).toBe(200);
    expect(byDisplayName.body.items.map((u) => u.id)).toContain(alice.user.id);
  });

  it('alice opens the direct conversation (201), both members are told, repeats from either side give 200 and the same id', async () => {
    const res = await client.api<Conversation>('/api/conversations', { token: alice.accessToken, body: { memberIds: [bob.user.id] } });
    expect(res.status, res.text).toBe(201);
    conversation = res.body;
    expect(conversation).toMatchObject({ id: expect.any(String), kind: ConversationKind.Direct, title: null, lastMessage: null, lastSeq: 0 });
    expect(conversation.members.map((m) => m.id).sort()).toEqual([alice.user.id, bob.user.id].sort());
    expect(conversation.members.find((m) => m.id === bob.user.id)).toEqual(asOnline(bob.user));

    for (const s of [bobTab, aliceTab1, aliceTab2]) {
      const told = await waitForEvent(s, SocketEvent.ConversationNew, (c) => c.id === conversation.id);
      expect(told.members.map((m) => m.id).sort()).toEqual([alice.user.id, bob.user.id].sort());
    }

    const again = await client.api<Conversation>('/api/conversations', { token: alice.accessToken, body: { memberIds: [bob.user.id] } });
    expect(again.status, again.text).toBe(200);
    expect(again.body.id).toBe(conversation.id);
    const fromBob = await client.api<Conversation>('/api/conversations', { token: bob.accessToken, body: { memberIds: [alice.user.id] } });
    expect(fromBob.status, fromBob.text).toBe(200);
    expect(fromBob.body.id).toBe(conversation.id);

    const got = await client.api<Conversation>(`/api/conversations/${conversation.id}`, { token: bob.accessToken });
    expect(got.status, got.text).toBe(200);
    expect(got.body.id).toBe(conversation.id);
  });

  it('alice sends over her socket: acked once stored, every tab of both members gets message:new', async () => {
    const clientMessageId = newClientMessageId();
    const ack = await sendMessage(aliceTab1, { conversationId: conversation.id, body: '  Hi Bob!  ', clientMessageId });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    if (!ack.ok) return;
    expect(ack.message).toEqual({
      id: expect.any(String),
      conversationId: conversation.id,
      senderId: alice.user.id,
      body: 'Hi Bob!',
      clientMessageId,
      seq: 1,
      createdAt: expect.any(String),
      kind: 'text',
      version: 1,
      editedAt: null,
      deletedAt: null,
      replyTo: null,
      reactions: [],
      attachments: [],
    });
    await expectDelivered(ack.message, [aliceTab1, aliceTab2, bobTab]);
    exchanged.push(ack.message);
  });

  it('bob answers over his socket and alice gets it in both tabs', async () => {
    const ack = await sendMessage(bobTab, { conversationId: conversation.id, body: 'Hello Alice', clientMessageId: newClientMessageId() });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    if (!ack.ok) return;
    expect(ack.message).toMatchObject({ senderId: bob.user.id, body: 'Hello Alice', seq: 2 });
    await expectDelivered(ack.message, [aliceTab1, aliceTab2, bobTab]);
    exchanged.push(ack.message);
  });

  it('a message sent over REST is pushed to every socket of both members too', async () => {
    const message = await postMessage(client, bob, conversation.id, 'sent over REST');
    expect(message.seq).toBe(3);
    await expectDelivered(message, [aliceTab1, aliceTab2, bobTab]);
    exchanged.push(message);
  });

  it('a tab on HTTP long-polling (no websocket) sends and receives like the others', async () => {
    const pollingTab = await connectSocket(server.url, alice.accessToken, { transports: ['polling'] });
    const ack = await sendMessage(pollingTab, { conversationId: conversation.id, body: 'from a polling tab', clientMessageId: newClientMessageId() });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    if (!ack.ok) return;
    await expectDelivered(ack.message, [pollingTab, aliceTab1, aliceTab2, bobTab]);
    exchanged.push(ack.message);
    const reply = await postMessage(client, bob, conversation.id, 'to every tab');
    await expectDelivered(reply, [pollingTab, aliceTab1, aliceTab2, bobTab]);
    exchanged.push(reply);
    pollingTab.close();
  });

  it('both members read the same history; the conversation list shows the last message', async () => {
    for (const u of [alice, bob]) {
      const res = await client.api<MessagePage>(`/api/conversations/${conversation.id}/messages`, { token: u.accessToken });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({ items: exchanged, hasMore: false });
    }
    const list = await client.api<Page<Conversation>>('/api/conversations', { token: alice.accessToken });
    expect(list.status, list.text).toBe(200);
    const mine = list.body.items.find((c) => c.id === conversation.id);
    expect(mine).toMatchObject({ lastSeq: exchanged.length, lastMessage: exchanged[exchanged.length - 1] });
  });

  it('the third user gets 404 on the conversation, its history and sending into it, over REST and the socket', async () => {
    const path = `/api/conversations/${conversation.id}`;
    expectApiError(await client.api(path, { token: mallory.accessToken }), 404, ErrorCode.NotFound);
    expectApiError(await client.api(`${path}/messages`, { token: mallory.accessToken }), 404, ErrorCode.NotFound);
    expectApiError(await client.api(`${path}/messages?after=0`, { token: mallory.accessToken }), 404, ErrorCode.NotFound);
    expectApiError(
      await client.api(`${path}/messages`, { token: mallory.accessToken, body: { body: 'let me in', clientMessageId: newClientMessageId() } }),
      404,
      ErrorCode.NotFound,
    );
    const ack = await sendMessage(malloryTab, { conversationId: conversation.id, body: 'let me in', clientMessageId: newClientMessageId() });
    expectAckError(ack, ErrorCode.NotFound);

    // A foreign conversation must look exactly like one that does not exist.
    const unknown = await client.api(`/api/conversations/${crypto.randomUUID()}`, { token: mallory.accessToken });
    expect((await client.api(path, { token: mallory.accessToken })).body).toEqual(unknown.body);

    const list = await client.api<Page<Conversation>>('/api/conversations', { token: mallory.accessToken });
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.map((c) => c.id)).not.toContain(conversation.id);

    const history = await client.api<MessagePage>(`${path}/messages`, { token: alice.accessToken });
    expect(history.body.items).toEqual(exchanged);
  });

  it('the third user received none of their events', async () => {
    // Barrier instead of a sleep: mallory's own conversation events are emitted after everything above,
    // so once they arrived, anything of alice and bob's that was going to reach her socket has arrived too.
    const carol = await createUser(client);
    const own = await openConversation(client, carol, mallory);
    await waitForEvent(malloryTab, SocketEvent.ConversationNew, (c) => c.id === own.id);
    const ownMessage = await postMessage(client, carol, own.id, 'hi mallory');
    await waitForEvent(malloryTab, SocketEvent.MessageNew, (m) => m.id === ownMessage.id);

    expect(receivedEvents(malloryTab, SocketEvent.MessageNew)).toEqual([ownMessage]);
    expect(receivedEvents(malloryTab, SocketEvent.ConversationNew).map((c) => c.id)).toEqual([own.id]);
    // And alice and bob's sockets never saw mallory's conversation.
    for (const s of [aliceTab1, aliceTab2, bobTab]) {
      expect(receivedEvents(s, SocketEvent.MessageNew).map((m) => m.conversationId)).not.toContain(own.id);
    }
  });
});
