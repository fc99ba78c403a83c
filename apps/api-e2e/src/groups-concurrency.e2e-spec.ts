import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, MessageKind, SocketEvent, SystemEventType, type Message, type SendMessageAck } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, newClientMessageId, type TestUser } from './support/factories';
import { createGroup, getConversation, idsOf, memberIdsOf, removeMember } from './support/groups';
import { expectAckError } from './support/expectations';
import { listAllMessages } from './support/queries';
import { deliveryBarrier } from './support/barrier';
import { closeAllSockets, connectSocket, receivedEvents, sendMessage } from './support/socket';

/** Group changes racing each other and racing sends: the conversation's lock must give one order that everything follows. */
describe.each(databaseKinds)('group changes under concurrency (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await server?.dispose();
  });

  const users = async (n: number) => {
    const list: TestUser[] = [];
    for (let i = 0; i < n; i++) list.push(await createUser(client));
    return list;
  };
  const systemType = (m: Message) => (m.kind === MessageKind.System ? m.system?.type : 'text');

  it('three members adding the same person at once: one members_added line, the person a member once', async () => {
    const [a, b, c, newcomer] = await users(4);
    const group = await createGroup(client, a, [b, c]);
    const results = await Promise.all(
      [a, b, c].map((u) => client.api(`/api/conversations/${group.id}/members`, { token: u.accessToken, body: { userIds: [newcomer.user.id] } })),
    );
    expect(results.map((r) => r.status), results.map((r) => r.text).join('\n')).toEqual([200, 200, 200]);
    const history = await listAllMessages(client, newcomer.accessToken, group.id);
    expect(history.map(systemType)).toEqual([SystemEventType.Created, SystemEventType.MembersAdded]);
    expect(history[1].system?.userIds).toEqual([newcomer.user.id]);
    expect(memberIdsOf(await getConversation(client, a, group.id))).toEqual(idsOf([a, b, c, newcomer]));
  });

  it('renames at once: one line each, contiguous seqs, and the title is the last line\'s', async () => {
    const [a, b, c] = await users(3);
    const group = await createGroup(client, a, [b, c]);
    const titles = ['one', 'two', 'three', 'four', 'five', 'six'];
    const results = await Promise.all(
      titles.map((title, i) => client.api(`/api/conversations/${group.id}`, { token: [a, b, c][i % 3].accessToken, method: 'PATCH', body: { title } })),
    );
    expect(results.map((r) => r.status)).toEqual(titles.map(() => 200));
    const history = await listAllMessages(client, a.accessToken, group.id);
    expect(history.map((m) => m.seq)).toEqual(history.map((_, i) => i + 1));
    const renames = history.filter((m) => m.system?.type === SystemEventType.Renamed);
    expect(renames.map((m) => m.system?.title).sort()).toEqual([...titles].sort());
    expect((await getConversation(client, b, group.id)).title).toBe(renames[renames.length - 1].system?.title);
  });

  it('sends racing a removal: the removed member got exactly the messages before the removal line, and her own sends were stored only before it', async () => {
    const [alice, bob, carol, courier] = await users(4);
    const group = await createGroup(client, alice, [bob, carol]);
    const [aliceTab, bobTab, carolTab] = await Promise.all([alice, bob, carol].map((u) => connectSocket(server.url, u.accessToken)));
    const sendOne = (socket: typeof aliceTab, body: string) =>
      sendMessage(socket, { conversationId: group.id, body, clientMessageId: newClientMessageId() }, 20_000);

    // Both keep sending one message after another; alice removes carol once carol's third is acked,
    // so the removal lands in the middle of both streams of sends.
    const aliceResults: SendMessageAck[] = [];
    const carolResults: SendMessageAck[] = [];
    let removal: Promise<void> = Promise.resolve();
    await Promise.all([
      (async () => {
        for (let i = 0; i < 15; i++) {
          carolResults.push(await sendOne(carolTab, `carol ${i}`));
          if (i === 2) removal = removeMember(client, alice, group.id, carol.user.id);
        }
      })(),
      (async () => {
        for (let i = 0; i < 15; i++) aliceResults.push(await sendOne(aliceTab, `alice ${i}`));
      })(),
    ]);
    await removal;

    const history = await listAllMessages(client, alice.accessToken, group.id);
    expect(history.map((m) => m.seq)).toEqual(history.map((_, i) => i + 1));
    const removalLine = history.find((m) => m.system?.type === SystemEventType.MemberRemoved);
    if (!removalLine) throw new Error('no member_removed line');
    for (const ack of aliceResults) expect(ack.ok, JSON.stringify(ack)).toBe(true);
    for (const ack of carolResults) {
      if (ack.ok) expect(ack.message.seq, 'a send of carol stored after her removal').toBeLessThan(removalLine.seq);
      else expectAckError(ack, ErrorCode.NotFound);
    }
    // One socket's sends are sequential: once one is refused, none after it is accepted.
    const accepted = carolResults.map((a) => a.ok);
    expect(accepted.slice(0, 3)).toEqual([true, true, true]);
    expect(accepted).toEqual([...accepted].sort((x, y) => Number(y) - Number(x)));
    const carolsStored = history.filter((m) => m.senderId === carol.user.id && m.kind === MessageKind.Text);
    expect(carolsStored.map((m) => m.id).sort()).toEqual(carolResults.flatMap((a) => (a.ok ? [a.message.id] : [])).sort());

    // bob gets everything; carol everything up to and including the line that removed her, nothing after.
    await deliveryBarrier(client, courier, carol, carolTab);
    await deliveryBarrier(client, courier, bob, bobTab);
    const ofGroup = (socket: typeof aliceTab) =>
      receivedEvents(socket, SocketEvent.MessageNew).filter((m) => m.conversationId === group.id).map((m) => m.seq).sort((x, y) => x - y);
    expect(ofGroup(bobTab)).toEqual(history.filter((m) => m.seq > 1).map((m) => m.seq));
    expect(ofGroup(carolTab)).toEqual(history.filter((m) => m.seq > 1 && m.seq <= removalLine.seq).map((m) => m.seq));
  });
});
