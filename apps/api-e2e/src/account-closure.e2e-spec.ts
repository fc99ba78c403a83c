import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, MessageKind, SOCKET_UNAUTHORIZED, SocketCloseReason, SocketEvent, SystemEventType, type Page, type User } from '@parley/contract';
import { expectApiError } from './support/expectations';
import { createUser, openConversation, type TestUser } from './support/factories';
import { createGroup, getConversation, memberIdsOf } from './support/groups';
import { ApiClient } from './support/http';
import { databaseKinds, startServer, type TestServer } from './support/server';
import { closeAllSockets, connectSocket, expectClosedBy, expectConnectError, receivedEvents } from './support/socket';

/** DELETE /api/users/me: the account closes, every login ends at once (sockets too), the history stays for the others. */
describe.each(databaseKinds)('closing an account (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  const close = (user: TestUser, password: unknown) => client.api(`/api/users/me`, { token: user.accessToken, method: 'DELETE', body: { password } });

  it('needs the password: a wrong one is 401, a missing one 400, and nothing changes', async () => {
    const alice = await createUser(client);
    expectApiError(await close(alice, 'not-the-password'), 401, ErrorCode.InvalidCredentials);
    expectApiError(await client.api('/api/users/me', { token: alice.accessToken, method: 'DELETE', body: {} }), 400, ErrorCode.ValidationFailed, ['password']);
    expect((await client.api('/api/users/me', { token: alice.accessToken })).status).toBe(200);
  });

  it('ends every login within 2 s, leaves the groups, renames to "Deleted user" and frees the username', async () => {
    const [alice, bob, carol] = [await createUser(client), await createUser(client), await createUser(client)];
    const direct = await openConversation(client, alice, bob);
    const group = await createGroup(client, bob, [alice, carol]);
    const second = await client.login({ username: alice.user.username, password: alice.password });
    const tabs = await Promise.all([connectSocket(server.url, alice.accessToken), connectSocket(server.url, second.body.accessToken)]);
    const bobTab = await connectSocket(server.url, bob.accessToken);

    const res = await close(alice, alice.password);
    expect(res.status, res.text).toBe(204);
    for (const tab of tabs) expect(await expectClosedBy(tab, SocketCloseReason.SessionEnded, 2_000)).toBeLessThan(2_000);
    for (const token of [alice.accessToken, second.body.accessToken]) {
      expect((await expectConnectError(server.url, { token })).message).toBe(SOCKET_UNAUTHORIZED);
      expectApiError(await client.api('/api/users/me', { token }), 401, ErrorCode.Unauthenticated);
    }
    expectApiError(await client.login({ username: alice.user.username, password: alice.password }), 401, ErrorCode.InvalidCredentials);

    // The others keep the history; the group shows her leaving, and her name is gone everywhere.
    const after = await getConversation(client, bob, group.id);
    expect(memberIdsOf(after)).not.toContain(alice.user.id);
    expect(after.lastMessage).toMatchObject({ kind: MessageKind.System, system: { type: SystemEventType.MemberLeft, actorId: alice.user.id } });
    const dm = await getConversation(client, bob, direct.id);
    expect(dm.members.find((m) => m.id === alice.user.id)?.displayName).toBe('Deleted user');
    await expect.poll(() => receivedEvents(bobTab, SocketEvent.UserUpdated).map((e) => e.user.displayName)).toContain('Deleted user');

    // Nobody finds her in the directory or can start anything new with her; her username is free again.
    const directory = await client.api<Page<User>>(`/api/users?q=${encodeURIComponent(alice.user.username)}`, { token: bob.accessToken });
    expect(directory.body.items.map((u) => u.id)).not.toContain(alice.user.id);
    expect((await client.api('/api/conversations', { token: carol.accessToken, body: { memberIds: [alice.user.id] } })).status).toBe(404);
    expectApiError(
      await client.api('/api/conversations', { token: carol.accessToken, body: { memberIds: [alice.user.id, bob.user.id], title: 'with her' } }),
      400,
      ErrorCode.ValidationFailed,
      ['memberIds'],
    );
    const again = await client.signup({ username: alice.user.username, password: 'another-password-1' });
    expect(again.status, again.text).toBe(201);
  });
});
