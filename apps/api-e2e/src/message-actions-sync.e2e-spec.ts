import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, openConversation, postMessage } from './support/factories';
import { ActionsApi, expectStatus } from './support/message-actions';
import { listAllMessages } from './support/queries';

describe.each(databaseKinds)('a device offline during edits, reactions, replies and deletions catches up through sync (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let api: ActionsApi;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    api = new ActionsApi(client);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('its merged view equals a fresh fetch of the history, message for message', async () => {
    const [alice, bob] = [await createUser(client), await createUser(client)];
    const conversation = await openConversation(client, alice, bob);
    const fromBob = await postMessage(client, bob, conversation.id, 'lunch at noon?');
    const fromAlice = await postMessage(client, alice, conversation.id, 'sure, where?');
    const untouched = await postMessage(client, alice, conversation.id, 'nothing happens to me');

    // Bob's laptop holds this much, then goes to sleep.
    const held = new Map((await listAllMessages(client, bob.accessToken, conversation.id)).map((m) => [m.id, m]));
    const cursor = await api.cursorOf(bob);

    expectStatus(await api.edit(alice, conversation.id, fromAlice.id, 'sure, where? the usual?'), 200);
    expectStatus(await api.react(bob, conversation.id, fromAlice.id, '👍'), 200);
    expectStatus(await api.react(alice, conversation.id, fromBob.id, '🎉'), 200);
    const reply = expectStatus(await api.reply(alice, conversation.id, fromBob.id, 'noon works'), 201);
    expectStatus(await api.edit(bob, conversation.id, fromBob.id, 'lunch at 12:30?'), 200);
    expectStatus(await api.react(bob, conversation.id, reply.id, '❤️'), 200);
    expect((await api.remove(alice, conversation.id, fromAlice.id)).status).toBe(204);
    expectStatus(await api.unreact(alice, conversation.id, fromBob.id, '🎉'), 200);

    const { messages, pages, cursor: end } = await api.syncFrom(bob, cursor);
    expect(pages.length).toBeGreaterThan(1); // it paged (limit 2) and still lost nothing
    expect([...messages.keys()].sort()).toEqual([fromBob.id, fromAlice.id, reply.id].sort());
    expect(messages.has(untouched.id)).toBe(false);
    for (const m of messages.values()) if ((held.get(m.id)?.version ?? 0) < m.version) held.set(m.id, m);

    const fresh = await listAllMessages(client, bob.accessToken, conversation.id);
    expect([...held.values()].sort((a, b) => a.seq - b.seq)).toEqual(fresh);
    const byId = new Map<string, Message>(fresh.map((m) => [m.id, m]));
    expect(byId.get(fromAlice.id)).toMatchObject({ body: '', deletedAt: expect.any(String), reactions: [], editedAt: expect.any(String) });
    expect(byId.get(fromBob.id)).toMatchObject({ body: 'lunch at 12:30?', reactions: [], editedAt: expect.any(String) });
    expect(byId.get(reply.id)).toMatchObject({
      replyTo: { id: fromBob.id, body: 'lunch at 12:30?', deleted: false },
      reactions: [{ emoji: '❤️', userIds: [bob.user.id] }],
    });
    // Caught up: nothing more after the last cursor.
    expect((await api.syncFrom(bob, end)).messages.size).toBe(0);
  });
});
