import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConversationKind,
  ErrorCode,
  MessageKind,
  SocketEvent,
  SystemEventType,
  type Conversation,
  type Message,
  type ReadState,
} from '@parley/contract';
import { ApiClient } from './support/http';
import { asOnline } from './support/presence';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, newClientMessageId, postMessage, uniqueUsername, type TestUser } from './support/factories';
import { addMembers, getConversation, idsOf, leaveGroup, memberIdsOf, removeMember, renameGroup } from './support/groups';
import { expectApiError, expectDelivered as expectDeliveredTo, expectNoAccess, expectSystemMessage } from './support/expectations';
import { listAllMessages } from './support/queries';
import { deliveryBarrier } from './support/barrier';
import { closeAllSockets, connectSocket, receivedEvents, sendMessage, waitForEvent, type ClientSocket } from './support/socket';

const byUser = (states: ReadState[]) => [...states].sort((x, y) => x.userId.localeCompare(y.userId));

/**
 * One group's life, step by step, on one server: alice creates it with bob and carol, carol renames it,
 * bob adds dave, alice removes carol, bob leaves. erin is never a member.
 */
describe.each(databaseKinds)('a group conversation from creation to leaving (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser, bob: TestUser, carol: TestUser, dave: TestUser, erin: TestUser;
  /** Carries the delivery barriers, so nobody else's events change. */
  let courier: TestUser;
  let tabs: Map<TestUser, ClientSocket>;
  let group: Conversation;
  const tab = (u: TestUser) => tabs.get(u)!;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    alice = await createUser(client, { username: uniqueUsername('alice') });
    bob = await createUser(client, { username: uniqueUsername('bob') });
    carol = await createUser(client, { username: uniqueUsername('carol') });
    dave = await createUser(client, { username: uniqueUsername('dave') });
    erin = await createUser(client, { username: uniqueUsername('erin') });
    courier = await createUser(client, { username: uniqueUsername('courier') });
    const everyone = [alice, bob, carol, dave, erin];
    tabs = new Map(await Promise.all(everyone.map(async (u) => [u, await connectSocket(server.url, u.accessToken)] as const)));
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  /** Each of these users' sockets gets exactly this message as `message:new`. */
  const expectDelivered = (message: Message, users: TestUser[]) => expectDeliveredTo(message, users.map(tab));

  /** Each of these users' sockets gets `conversation:updated` for the group with exactly these members. */
  async function expectUpdated(users: TestUser[], members: TestUser[]): Promise<void> {
    for (const u of users) {
      const got = await waitForEvent(tab(u), SocketEvent.ConversationUpdated, (c) => c.id === group.id && memberIdsOf(c).join() === idsOf(members).join());
      expect(got).toMatchObject({ id: group.id, kind: ConversationKind.Group, createdBy: alice.user.id });
    }
  }

  async function send(user: TestUser, body: string): Promise<Message> {
    const ack = await sendMessage(tab(user), { conversationId: group.id, body, clientMessageId: newClientMessageId() });
    if (!ack.ok) throw new Error(`send by ${user.user.username} refused: ${JSON.stringify(ack)}`);
    return ack.message;
  }

  async function lastLine(): Promise<Message> {
    const history = await listAllMessages(client, alice.accessToken, group.id);
    return history[history.length - 1];
  }

  it('alice creates a group with bob and carol: 201, trimmed title, createdBy, the created line at seq 1; all three are told', async () => {
    const res = await client.api<Conversation>('/api/conversations', {
      token: alice.accessToken,
      body: { memberIds: [bob.user.id, carol.user.id], title: '  Trip planning  ' },
    });
    expect(res.status, res.text).toBe(201);
    group = res.body;
    expect(group).toEqual({
      id: expect.any(String),
      kind: ConversationKind.Group,
      title: 'Trip planning',
      createdBy: alice.user.id,
      members: expect.any(Array),
      lastMessage: expect.any(Object),
      lastSeq: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      unreadCount: 0,
      readState: expect.any(Array),
      muted: false,
    });
    expect(memberIdsOf(group)).toEqual(idsOf([alice, bob, carol]));
    // bob has a tab open: the members carry his presence.
    expect(group.members.find((m) => m.id === bob.user.id)).toEqual(asOnline(bob.user));
    expectSystemMessage(group.lastMessage ?? undefined, group.id, 1, {
      type: SystemEventType.Created,
      actorId: alice.user.id,
      userIds: [bob.user.id, carol.user.id],
      title: 'Trip planning',
    });
    // The creator has read her own line; the others have it unread.
    expect(byUser(group.readState)).toEqual(byUser([
      { userId: alice.user.id, lastReadSeq: 1 },
      { userId: bob.user.id, lastReadSeq: 0 },
      { userId: carol.user.id, lastReadSeq: 0 },
    ]));

    for (const u of [alice, bob, carol]) {
      const told = await waitForEvent(tab(u), SocketEvent.ConversationNew, (c) => c.id === group.id);
      expect(told).toMatchObject({ kind: ConversationKind.Group, title: 'Trip planning', createdBy: alice.user.id });
      expect(memberIdsOf(told)).toEqual(idsOf([alice, bob, carol]));
    }
    await expectDelivered(group.lastMessage!, [alice, bob, carol]);
    expect(await listAllMessages(client, bob.accessToken, group.id)).toEqual([group.lastMessage]);
    expect(await getConversation(client, bob, group.id)).toMatchObject({ unreadCount: 1, lastSeq: 1, title: 'Trip planning' });
  });

  it('all three chat in it live, over the socket and REST; every member receives every message', async () => {
    const fromBob = await send(bob, 'hi all');
    expect(fromBob).toMatchObject({ conversationId: group.id, senderId: bob.user.id, seq: 2, kind: MessageKind.Text, version: 1, body: 'hi all' });
    expect(fromBob.system).toBeUndefined();
    await expectDelivered(fromBob, [alice, bob, carol]);
    const fromCarol = await postMessage(client, carol, group.id, 'over REST');
    expect(fromCarol.seq).toBe(3);
    await expectDelivered(fromCarol, [alice, bob, carol]);
    const fromAlice = await send(alice, 'welcome');
    expect(fromAlice.seq).toBe(4);
    await expectDelivered(fromAlice, [alice, bob, carol]);
  });

  it('carol (not the creator) renames it: 200, a renamed line at seq 5, conversation:updated and the line to every member', async () => {
    const renamed = await renameGroup(client, carol, group.id, '  Beach trip ');
    expect(renamed).toMatchObject({ id: group.id, title: 'Beach trip', lastSeq: 5 });
    expect(memberIdsOf(renamed)).toEqual(idsOf([alice, bob, carol]));
    const line = await lastLine();
    expectSystemMessage(line, group.id, 5, { type: SystemEventType.Renamed, actorId: carol.user.id, title: 'Beach trip' });
    expect(renamed.lastMessage).toEqual(line);
    for (const u of [alice, bob, carol]) {
      await waitForEvent(tab(u), SocketEvent.ConversationUpdated, (c) => c.id === group.id && c.title === 'Beach trip');
    }
    await expectDelivered(line, [alice, bob, carol]);
    expect((await getConversation(client, alice, group.id)).title).toBe('Beach trip');
  });

  it('bob adds dave: 200 with four members, a members_added line at seq 6; dave gets conversation:new, every member the update and the line', async () => {
    // Before the add dave is refused, as any outsider (this also primes any membership cache with "no").
    await expectNoAccess(client, dave, tab(dave), group.id);

    const added = await addMembers(client, bob, group.id, [dave]);
    expect(added).toMatchObject({ id: group.id, lastSeq: 6, title: 'Beach trip' });
    expect(memberIdsOf(added)).toEqual(idsOf([alice, bob, carol, dave]));
    const line = await lastLine();
    expectSystemMessage(line, group.id, 6, { type: SystemEventType.MembersAdded, actorId: bob.user.id, userIds: [dave.user.id] });

    const told = await waitForEvent(tab(dave), SocketEvent.ConversationNew, (c) => c.id === group.id);
    expect(memberIdsOf(told)).toEqual(idsOf([alice, bob, carol, dave]));
    // Pushed per viewer: dave's copy counts his one unread line.
    expect(told).toMatchObject({ unreadCount: 1, lastSeq: 6, title: 'Beach trip' });
    await expectUpdated([alice, bob, carol, dave], [alice, bob, carol, dave]);
    await expectDelivered(line, [alice, bob, carol, dave]);
    // Nothing from before the add reached dave's socket.
    const seenByDave = receivedEvents(tab(dave), SocketEvent.MessageNew).filter((m) => m.conversationId === group.id);
    expect(seenByDave.map((m) => m.seq)).toEqual([6]);
  });

  it('dave sees the whole history, has only the added line unread, and can send at once', async () => {
    const history = await listAllMessages(client, dave.accessToken, group.id);
    expect(history.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history).toEqual(await listAllMessages(client, alice.accessToken, group.id));
    const mine = await getConversation(client, dave, group.id);
    expect(mine).toMatchObject({ unreadCount: 1, lastSeq: 6 });
    expect(mine.readState.find((r) => r.userId === dave.user.id)).toEqual({ userId: dave.user.id, lastReadSeq: 5 });

    const fromDave = await send(dave, 'thanks for adding me');
    expect(fromDave.seq).toBe(7);
    await expectDelivered(fromDave, [alice, bob, carol, dave]);
  });

  it('adding people who are already members stores nothing', async () => {
    const again = await addMembers(client, alice, group.id, [bob, dave]);
    expect(again.lastSeq).toBe(7);
    expect(memberIdsOf(again)).toEqual(idsOf([alice, bob, carol, dave]));
    expect((await lastLine()).seq).toBe(7);
  });

  it('only the creator removes others: bob removing carol gets 403 FORBIDDEN and nothing changes', async () => {
    const before = await listAllMessages(client, alice.accessToken, group.id);
    const res = await client.api(`/api/conversations/${group.id}/members/${carol.user.id}`, { token: bob.accessToken, method: 'DELETE' });
    expectApiError(res, 403, ErrorCode.Forbidden);
    expect(memberIdsOf(await getConversation(client, alice, group.id))).toEqual(idsOf([alice, bob, carol, dave]));
    expect(await listAllMessages(client, alice.accessToken, group.id)).toEqual(before);
  });

  it('alice removes carol: 204, a member_removed line; carol gets the update without herself and the line, then nothing more', async () => {
    await removeMember(client, alice, group.id, carol.user.id);
    const line = await lastLine();
    expectSystemMessage(line, group.id, 8, { type: SystemEventType.MemberRemoved, actorId: alice.user.id, userIds: [carol.user.id] });
    await expectUpdated([alice, bob, carol, dave], [alice, bob, dave]);
    await expectDelivered(line, [alice, bob, carol, dave]);

    const after = await send(alice, 'carol is gone');
    await expectDelivered(after, [alice, bob, dave]);
    await expectNoAccess(client, carol, tab(carol), group.id);
    expectApiError(
      await client.api(`/api/conversations/${group.id}/members/${carol.user.id}`, { token: alice.accessToken, method: 'DELETE' }),
      404,
      ErrorCode.NotFound,
    );

    await deliveryBarrier(client, courier, carol, tab(carol));
    const seenByCarol = receivedEvents(tab(carol), SocketEvent.MessageNew).filter((m) => m.conversationId === group.id);
    expect(seenByCarol.map((m) => m.seq).filter((s) => s > 8), 'nothing after her removal reaches carol').toEqual([]);
    const updates = receivedEvents(tab(carol), SocketEvent.ConversationUpdated).filter((c) => c.id === group.id);
    expect(memberIdsOf(updates[updates.length - 1])).toEqual(idsOf([alice, bob, dave]));
  });

  it('bob leaves (anyone may): 204, a member_left line; bob loses access at once, alice and dave keep chatting', async () => {
    await leaveGroup(client, bob, group.id);
    const line = await lastLine();
    expectSystemMessage(line, group.id, 10, { type: SystemEventType.MemberLeft, actorId: bob.user.id, userIds: [bob.user.id] });
    await expectUpdated([alice, bob, dave], [alice, dave]);
    await expectDelivered(line, [alice, bob, dave]);
    await expectNoAccess(client, bob, tab(bob), group.id);

    const fromDave = await send(dave, 'just us');
    await expectDelivered(fromDave, [alice, dave]);
    await deliveryBarrier(client, courier, bob, tab(bob));
    const seenByBob = receivedEvents(tab(bob), SocketEvent.MessageNew).filter((m) => m.conversationId === group.id);
    expect(seenByBob.map((m) => m.seq).filter((s) => s > 10)).toEqual([]);
  });

  it('carol can be added back: conversation:new again, the whole history, live messages and sends', async () => {
    const back = await addMembers(client, dave, group.id, [carol]);
    expect(memberIdsOf(back)).toEqual(idsOf([alice, carol, dave]));
    const line = await lastLine();
    expectSystemMessage(line, group.id, 12, { type: SystemEventType.MembersAdded, actorId: dave.user.id, userIds: [carol.user.id] });
    await waitForEvent(tab(carol), SocketEvent.ConversationNew, (c) => c.id === group.id && memberIdsOf(c).includes(carol.user.id));
    await expectDelivered(line, [alice, carol, dave]);
    expect((await listAllMessages(client, carol.accessToken, group.id)).map((m) => m.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const fromCarol = await send(carol, 'back again');
    await expectDelivered(fromCarol, [alice, carol, dave]);
    await removeMember(client, alice, group.id, carol.user.id);
    await expectNoAccess(client, carol, tab(carol), group.id);
  });

  it('the history holds each line at its place in seq order', async () => {
    const history = await listAllMessages(client, dave.accessToken, group.id);
    expect(history.map((m) => m.seq)).toEqual(history.map((_, i) => i + 1));
    expect(history.map((m) => (m.kind === MessageKind.System ? m.system?.type : 'text'))).toEqual([
      SystemEventType.Created,
      'text',
      'text',
      'text',
      SystemEventType.Renamed,
      SystemEventType.MembersAdded,
      'text',
      SystemEventType.MemberRemoved,
      'text',
      SystemEventType.MemberLeft,
      'text',
      SystemEventType.MembersAdded,
      'text',
      SystemEventType.MemberRemoved,
    ]);
    const current = await getConversation(client, alice, group.id);
    expect(current).toMatchObject({ lastSeq: history.length, lastMessage: history[history.length - 1], title: 'Beach trip' });
    expect(memberIdsOf(current)).toEqual(idsOf([alice, dave]));
  });

  it('erin, never a member, received nothing of the group', async () => {
    const barrier = await deliveryBarrier(client, courier, erin, tab(erin));
    const events = receivedEvents(tab(erin), SocketEvent.MessageNew);
    expect(events.map((m) => m.id)).toEqual([barrier.id]);
    for (const event of [SocketEvent.ConversationUpdated, SocketEvent.ConversationRead] as const) {
      expect(receivedEvents(tab(erin), event)).toEqual([]);
    }
    expect(receivedEvents(tab(erin), SocketEvent.ConversationNew).map((c) => c.id)).toEqual([barrier.conversationId]);
    await expectNoAccess(client, erin, tab(erin), group.id);
  });
});
