import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationKind, SystemEventType, type Conversation, type Message, type ReadState } from '@parley/contract';
import { ApiClient } from './support/http';
import { withoutPresence } from './support/presence';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, openConversation, postMessage, uniqueUsername, type TestUser } from './support/factories';
import { addMembers, createGroup, getConversation, idsOf, markRead, memberIdsOf, removeMember, renameGroup } from './support/groups';
import { listAllMessages } from './support/queries';
import { currentCursor, drainSync, syncPage, type DrainedSync } from './support/sync';
import { closeAllSockets, connectSocket } from './support/socket';

const byUser = (states: ReadState[]) => [...states].sort((x, y) => x.userId.localeCompare(y.userId));

/**
 * bob's phone goes offline (socket closed, cursor kept) while alice renames the group, adds dave,
 * removes carol and writes, and dave and bob's laptop move read markers. Catching up through
 * GET /api/sync alone must bring the phone to exactly what a fresh fetch shows.
 */
describe.each(databaseKinds)('sync carries every change, not only new messages (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser, bob: TestUser, carol: TestUser, dave: TestUser;
  let group: Conversation;
  const cursors = new Map<TestUser, string>();
  /** The group's messages written while bob's phone was offline (seq 3..6). */
  let missed: Message[];

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    alice = await createUser(client, { username: uniqueUsername('alice') });
    bob = await createUser(client, { username: uniqueUsername('bob') });
    carol = await createUser(client, { username: uniqueUsername('carol') });
    dave = await createUser(client, { username: uniqueUsername('dave') });
    group = await createGroup(client, alice, [bob, carol], 'Before');
    await postMessage(client, alice, group.id, 'hello'); // seq 2

    const bobPhone = await connectSocket(server.url, bob.accessToken);
    for (const u of [bob, carol, dave]) cursors.set(u, await currentCursor(client, u));
    bobPhone.close();

    await renameGroup(client, alice, group.id, 'After'); // seq 3
    await addMembers(client, alice, group.id, [dave]); // seq 4
    await removeMember(client, alice, group.id, carol.user.id); // seq 5
    await postMessage(client, alice, group.id, 'after the changes'); // seq 6
    await markRead(client, dave, group.id, 6);
    await markRead(client, bob, group.id, 4); // from bob's laptop
    missed = (await listAllMessages(client, alice.accessToken, group.id)).slice(2);
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  async function expectCaughtUp(user: TestUser, drained: DrainedSync): Promise<void> {
    expect(await syncPage(client, user, drained.cursor), 'nothing left after the last page').toEqual({
      messages: [],
      conversations: [],
      removedConversationIds: [],
      cursor: drained.cursor,
      hasMore: false,
    });
  }

  it('the missed history is what the test wrote: rename, add, removal, a message', () => {
    expect(missed.map((m) => m.system?.type ?? m.body)).toEqual([
      SystemEventType.Renamed,
      SystemEventType.MembersAdded,
      SystemEventType.MemberRemoved,
      'after the changes',
    ]);
  });

  it("bob's phone catches up exactly: the four messages, and the group as a fresh fetch shows it", async () => {
    const drained = await drainSync(client, bob, cursors.get(bob)!);
    expect(drained.messages).toEqual(missed);
    expect(drained.removedConversationIds).toEqual([]);
    expect([...drained.conversations.keys()]).toEqual([group.id]);
    const synced = drained.conversations.get(group.id)!;
    expect(synced).toEqual(await getConversation(client, bob, group.id));
    expect(synced).toMatchObject({ title: 'After', lastSeq: 6, unreadCount: 2, lastMessage: missed[3] });
    expect(memberIdsOf(synced)).toEqual(idsOf([alice, bob, dave]));
    expect(byUser(synced.readState)).toEqual(byUser([
      { userId: alice.user.id, lastReadSeq: 6 },
      { userId: bob.user.id, lastReadSeq: 4 },
      { userId: dave.user.id, lastReadSeq: 6 },
    ]));
    await expectCaughtUp(bob, drained);
  });

  it.each([1, 2, 3])('paging with limit=%i returns each message once, in order, and ends in the same state', async (limit) => {
    const drained = await drainSync(client, bob, cursors.get(bob)!, limit);
    for (const page of drained.pages) expect(page.messages.length).toBeLessThanOrEqual(limit);
    // Six changes (four messages, two markers); even at two stream positions each (a line and the
    // conversation's new state) that is 12 pages plus the last: more means the cursor crawled.
    expect(drained.pages.length).toBeLessThanOrEqual(13);
    expect(drained.messages).toEqual(missed);
    expect(drained.removedConversationIds).toEqual([]);
    expect(drained.conversations.get(group.id)).toEqual(await getConversation(client, bob, group.id));
    await expectCaughtUp(bob, drained);
  });

  it.each([undefined, 1])('carol, removed meanwhile, is told to forget the group (limit %s) and gets nothing of it after her removal', async (limit) => {
    const drained = await drainSync(client, carol, cursors.get(carol)!, limit);
    expect(drained.removedConversationIds).toEqual([group.id]);
    expect(drained.conversations.has(group.id)).toBe(false);
    const after = drained.messages.filter((m) => m.conversationId === group.id && m.seq > 5);
    expect(after, 'no message written after her removal').toEqual([]);
    await expectCaughtUp(carol, drained);
  });

  it('dave, added while he had no device online, finds the group and everything from his addition on', async () => {
    const drained = await drainSync(client, dave, cursors.get(dave)!);
    expect(drained.removedConversationIds).toEqual([]);
    expect(drained.conversations.get(group.id)).toEqual(await getConversation(client, dave, group.id));
    const ofGroup = drained.messages.filter((m) => m.conversationId === group.id);
    expect(ofGroup.filter((m) => m.seq >= 4)).toEqual(missed.slice(1));
    await expectCaughtUp(dave, drained);
  });

  it('after her removal, later changes of the group never reach carol\'s stream', async () => {
    const cursor = (await drainSync(client, carol, cursors.get(carol)!)).cursor;
    const bobCursor = await currentCursor(client, bob);
    await renameGroup(client, alice, group.id, 'Without carol');
    await postMessage(client, dave, group.id, 'carol cannot see this');
    // The cursor moves on (it is the stream's position), but nothing of the group comes with it.
    expect(await syncPage(client, carol, cursor)).toEqual({ messages: [], conversations: [], removedConversationIds: [], cursor: expect.any(String), hasMore: false });
    // The same two changes do reach a member.
    expect((await drainSync(client, bob, bobCursor)).messages.map((m) => m.seq)).toEqual([7, 8]);
  });

  it('removed and added back while offline: the group comes back as a conversation, not as removed', async () => {
    const frank = await createUser(client, { username: uniqueUsername('frank') });
    await addMembers(client, alice, group.id, [frank]);
    const cursor = await currentCursor(client, frank);
    await removeMember(client, alice, group.id, frank.user.id);
    await addMembers(client, dave, group.id, [frank]);
    for (const limit of [undefined, 1]) {
      const drained = await drainSync(client, frank, cursor, limit);
      expect(drained.removedConversationIds).toEqual([]);
      expect(drained.conversations.get(group.id)).toEqual(await getConversation(client, frank, group.id));
      expect(drained.messages.map((m) => m.system?.type)).toEqual([SystemEventType.MemberRemoved, SystemEventType.MembersAdded]);
    }
  });

  it('a group created and a direct conversation opened while offline both come back (the direct one has no message)', async () => {
    const erin = await createUser(client, { username: uniqueUsername('erin') });
    const cursor = await currentCursor(client, erin);
    const newGroup = await createGroup(client, alice, [bob, erin], 'New while offline');
    const direct = await openConversation(client, dave, erin);
    const drained = await drainSync(client, erin, cursor);
    expect(drained.conversations.get(newGroup.id)).toEqual(await getConversation(client, erin, newGroup.id));
    expect(drained.conversations.get(direct.id)).toMatchObject({ id: direct.id, kind: ConversationKind.Direct, lastSeq: 0, unreadCount: 0 });
    expect(drained.messages.map((m) => [m.conversationId, m.seq, m.system?.type])).toEqual([[newGroup.id, 1, SystemEventType.Created]]);
    expect(drained.removedConversationIds).toEqual([]);
  });

  it('after a restart of the server the same cursors still catch up, and members and markers are as they were', async () => {
    const cursor = await currentCursor(client, bob);
    const before = await getConversation(client, bob, group.id);
    await server.restart();
    const after = await getConversation(client, bob, group.id);
    expect(withoutPresence(after)).toEqual(withoutPresence(before));
    // The restart closed every socket: nobody is online, and whoever was is now last seen then.
    expect(after.members.filter((m) => m.online)).toEqual([]);
    for (const m of before.members.filter((x) => x.online)) expect(after.members.find((x) => x.id === m.id)?.lastSeenAt).toEqual(expect.any(String));
    await markRead(client, bob, group.id, before.lastSeq);
    const line = await postMessage(client, dave, group.id, 'after the restart');
    const drained = await drainSync(client, bob, cursor);
    expect(drained.messages).toEqual([line]);
    expect(drained.conversations.get(group.id)).toEqual(await getConversation(client, bob, group.id));
    expect(drained.conversations.get(group.id)).toMatchObject({ unreadCount: 1, lastSeq: before.lastSeq + 1 });
  });
});
