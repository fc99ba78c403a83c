import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Limits, SocketEvent, type Conversation, type SyncResponse, type User } from '@parley/contract';
import { ApiClient, type ApiResponse } from './support/http';
import { asOnline } from './support/presence';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, openConversation, type TestUser } from './support/factories';
import { expectApiError } from './support/expectations';
import { ActionsApi, expectStatus } from './support/message-actions';
import { listAllUsers } from './support/queries';
import { closeAllSockets, connectSocket, receivedEvents, waitForEvent } from './support/socket';

describe.each(databaseKinds)('PATCH /api/users/me (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let api: ActionsApi;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    api = new ActionsApi(client);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await server?.dispose();
  });

  const patchMe = (user: TestUser, body: unknown): Promise<ApiResponse<User>> =>
    client.api<User>('/api/users/me', { method: 'PATCH', token: user.accessToken, body });

  it('renames me; my other tabs and the people I share a conversation with hear it live, strangers do not', async () => {
    const [alice, bob, carol] = [await createUser(client), await createUser(client), await createUser(client)];
    await openConversation(client, alice, bob);
    const [aliceTab, bobTab, carolTab] = await Promise.all([alice, bob, carol].map((u) => connectSocket(server.url, u.accessToken)));
    const user = expectStatus(await patchMe(alice, { displayName: '  Alice Cooper  ' }), 200);
    // Her tab is open: she is online.
    expect(user).toEqual(asOnline({ ...alice.user, displayName: 'Alice Cooper' }));
    for (const tab of [aliceTab, bobTab]) expect(await waitForEvent(tab, SocketEvent.UserUpdated, (e) => e.user.id === alice.user.id)).toEqual({ user });
    expect(receivedEvents(carolTab, SocketEvent.UserUpdated)).toEqual([]);
    expect(expectStatus(await client.api<User>('/api/users/me', { token: alice.accessToken }), 200)).toEqual(user);
    expect((await listAllUsers(client, bob.accessToken, { q: 'alice coo' })).map((u) => u.id)).toEqual([alice.user.id]);
  });

  it('a device that was away sees the new name in its conversations on the next sync', async () => {
    const [alice, bob] = [await createUser(client), await createUser(client)];
    const conversation = await openConversation(client, alice, bob);
    const cursor = await api.cursorOf(bob);
    const user = expectStatus(await patchMe(alice, { displayName: 'New Name' }), 200);
    const res = await client.api<SyncResponse>(`/api/sync?since=${cursor}`, { token: bob.accessToken });
    const synced = expectStatus(res, 200).conversations.find((c: Conversation) => c.id === conversation.id);
    expect(synced?.members.find((m) => m.id === alice.user.id)).toEqual(user);
  });

  it.each([
    [{}, 'displayName'],
    [{ displayName: '' }, 'displayName'],
    [{ displayName: '   ' }, 'displayName'],
    [{ displayName: 'x'.repeat(Limits.displayNameMax + 1) }, 'displayName'],
    [{ displayName: 42 }, 'displayName'],
    [{ displayName: 'ok', username: 'root' }, 'username'],
    [{ displayName: 'ok', password: 'hunter22' }, 'password'],
  ])('%j -> 400 naming %s, nothing changed', async (body, field) => {
    const alice = await createUser(client);
    expectApiError(await patchMe(alice, body), 400, ErrorCode.ValidationFailed, [field]);
    expect(expectStatus(await client.api<User>('/api/users/me', { token: alice.accessToken }), 200)).toEqual(alice.user);
  });

  it('requires a bearer', async () => {
    expectApiError(await client.api('/api/users/me', { method: 'PATCH', body: { displayName: 'x' } }), 401, ErrorCode.Unauthenticated);
  });
});
