import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, SocketEvent, type Conversation, type Page } from '@parley/contract';
import { deliveryBarrier } from './support/barrier';
import { expectApiError } from './support/expectations';
import { createUser, createUsers, openConversation, type TestUser } from './support/factories';
import { createGroup, getConversation, putMute, setMuted } from './support/groups';
import { ApiClient } from './support/http';
import { closeAllSockets, connectSocket, receivedEvents, waitForEvent, type ClientSocket } from './support/socket';
import { currentCursor, drainSync } from './support/sync';
import { databaseKinds, startServer, type TestServer } from './support/server';

describe.each(databaseKinds)('muting a conversation (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let courier: TestUser;
  let direct: Conversation;
  let aliceOtherDevice: ClientSocket;
  let bobTab: ClientSocket;

  const listed = async (user: TestUser, id: string) =>
    (await client.api<Page<Conversation>>('/api/conversations?limit=100', { token: user.accessToken })).body.items.find((c) => c.id === id);

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    [alice, bob, carol] = await createUsers(client, 3, 'mute');
    courier = await createUser(client);
    direct = await openConversation(client, alice, bob);
    aliceOtherDevice = await connectSocket(server.url, alice.accessToken);
    bobTab = await connectSocket(server.url, bob.accessToken);
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  it('is stored for me only, shown in every response of mine, pushed to my other devices and found by sync', async () => {
    expect(direct.muted).toBe(false);
    const aliceCursor = await currentCursor(client, alice);
    const bobCursor = await currentCursor(client, bob);
    const answer = await setMuted(client, alice, direct.id, true);
    expect(answer).toEqual({ ...(await getConversation(client, alice, direct.id)), muted: true });
    expect(await listed(alice, direct.id)).toMatchObject({ id: direct.id, muted: true });

    const pushed = await waitForEvent(aliceOtherDevice, SocketEvent.ConversationUpdated, (c) => c.id === direct.id);
    expect(pushed.muted).toBe(true);
    const synced = await drainSync(client, alice, aliceCursor);
    expect(synced.conversations.get(direct.id)?.muted).toBe(true);

    // The other member's view is unchanged, and nobody told them.
    expect((await getConversation(client, bob, direct.id)).muted).toBe(false);
    expect((await listed(bob, direct.id))?.muted).toBe(false);
    const bobSynced = await drainSync(client, bob, bobCursor);
    for (const c of bobSynced.conversations.values()) expect(c.muted).toBe(false);
    await deliveryBarrier(client, courier, bob, bobTab);
    expect(receivedEvents(bobTab, SocketEvent.ConversationUpdated).filter((c) => c.id === direct.id)).toEqual([]);

    // Per member of a group too: muted only for whoever muted it.
    const group = await createGroup(client, bob, [alice, carol]);
    expect((await setMuted(client, carol, group.id, true)).muted).toBe(true);
    expect((await getConversation(client, alice, group.id)).muted).toBe(false);
    expect((await getConversation(client, bob, group.id)).muted).toBe(false);
    expect((await getConversation(client, carol, group.id)).muted).toBe(true);

    expect((await setMuted(client, alice, direct.id, false)).muted).toBe(false);
    await waitForEvent(aliceOtherDevice, SocketEvent.ConversationUpdated, (c) => c.id === direct.id && !c.muted);
    expect((await listed(alice, direct.id))?.muted).toBe(false);
  });

  it('is 404 for a non-member and an unknown id, 400 for a bad body, and stores nothing then', async () => {
    await setMuted(client, alice, direct.id, true);
    const cursor = await currentCursor(client, alice);
    expectApiError(await putMute(client, carol, direct.id, { muted: true }), 404, ErrorCode.NotFound);
    expectApiError(await putMute(client, alice, '00000000-0000-4000-8000-000000000000', { muted: true }), 404, ErrorCode.NotFound);
    for (const body of [{}, { muted: 'false' }, { muted: 0 }, { muted: null }, { muted: false, extra: true }, [false]]) {
      expectApiError(await putMute(client, alice, direct.id, body), 400, ErrorCode.ValidationFailed, Array.isArray(body) ? ['body'] : [Object.keys(body).includes('extra') ? 'extra' : 'muted']);
    }
    const raw = await client.api(`/api/conversations/${direct.id}/mute`, { token: alice.accessToken, method: 'PUT', rawBody: '{"muted":' });
    expectApiError(raw, 400, ErrorCode.MalformedJson);
    expect((await getConversation(client, alice, direct.id)).muted).toBe(true);
    expect((await getConversation(client, carol, direct.id).catch(() => null))).toBeNull();
    expect(await currentCursor(client, alice)).toBe(cursor);
  });
});
