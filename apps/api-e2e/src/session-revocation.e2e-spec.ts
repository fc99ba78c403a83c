import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, SOCKET_UNAUTHORIZED, SocketCloseReason, SocketEvent } from '@parley/contract';
import { expectApiError } from './support/expectations';
import { createUser, newClientMessageId, openConversation, type TestUser } from './support/factories';
import { ApiClient, refreshCookieOf } from './support/http';
import { startServer, type TestServer } from './support/server';
import { closeAllSockets, connectSocket, emitRaw, expectClosedBy, expectConnectError, sendMessage, type ClientSocket } from './support/socket';

/** Logout, a replayed refresh token and a password change end that login's sockets at once, and its access token with them. */
describe('a login that ends takes its sockets and its access token with it', () => {
  let server: TestServer;
  let client: ApiClient;
  let bob: TestUser;

  beforeAll(async () => {
    // The grace window for concurrent refreshes is off so that an immediate replay counts as one.
    server = await startServer({ database: 'sqlite', env: { REFRESH_REUSE_GRACE_SECONDS: '0' } });
    client = new ApiClient(server);
    bob = await createUser(client);
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  async function expectLoginEnded(token: string, sockets: ClientSocket[], reason: string): Promise<void> {
    for (const socket of sockets) {
      const took = await expectClosedBy(socket, reason, 2_000);
      expect(took).toBeLessThan(2_000);
    }
    expect((await expectConnectError(server.url, { token })).message).toBe(SOCKET_UNAUTHORIZED);
    expectApiError(await client.api('/api/users/me', { token }), 401, ErrorCode.Unauthenticated);
  }

  it('logout closes every socket of that login within 2 s; a new handshake or request with its unexpired token is refused', async () => {
    const alice = await createUser(client);
    const tabs = await Promise.all([connectSocket(server.url, alice.accessToken), connectSocket(server.url, alice.accessToken)]);
    expect((await client.logout(alice.refreshCookie)).status).toBe(204);
    await expectLoginEnded(alice.accessToken, tabs, SocketCloseReason.SessionEnded);
  });

  it("ends only that login: the same account's other login and its socket keep working", async () => {
    const carol = await createUser(client);
    const second = await client.login({ username: carol.user.username, password: carol.password });
    const secondToken = second.body.accessToken;
    const ending = await connectSocket(server.url, carol.accessToken);
    const staying = await connectSocket(server.url, secondToken);
    await client.logout(carol.refreshCookie);
    await expectClosedBy(ending, SocketCloseReason.SessionEnded);

    const conversation = await openConversation(client, { ...carol, accessToken: secondToken }, bob);
    const ack = await sendMessage(staying, { conversationId: conversation.id, body: 'still here', clientMessageId: newClientMessageId() });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    expect(staying.connected).toBe(true);
  });

  it('a replayed refresh token ends the login and closes its sockets', async () => {
    const dave = await createUser(client);
    const socket = await connectSocket(server.url, dave.accessToken);
    const rotated = await client.refresh(dave.refreshCookie);
    expect(rotated.status, rotated.text).toBe(200);
    expectApiError(await client.refresh(dave.refreshCookie), 401, ErrorCode.Unauthenticated);
    await expectLoginEnded(rotated.body.accessToken, [socket], SocketCloseReason.SessionEnded);
  });

  it("a password change ends every other login (sockets closed, tokens refused) and keeps the one that made it", async () => {
    const erin = await createUser(client);
    const other = await client.login({ username: erin.user.username, password: erin.password });
    const otherSocket = await connectSocket(server.url, other.body.accessToken);
    const ownSocket = await connectSocket(server.url, erin.accessToken);

    const wrong = await client.api('/api/auth/password', { token: erin.accessToken, body: { currentPassword: 'not-it-at-all', newPassword: 'new-password-1' } });
    expectApiError(wrong, 401, ErrorCode.InvalidCredentials);
    expect(otherSocket.connected).toBe(true);

    const changed = await client.api('/api/auth/password', { token: erin.accessToken, body: { currentPassword: erin.password, newPassword: 'new-password-1' } });
    expect(changed.status, changed.text).toBe(204);
    await expectLoginEnded(other.body.accessToken, [otherSocket], SocketCloseReason.SessionEnded);
    expect(refreshCookieOf(changed)).toBeUndefined();
    expect(ownSocket.connected).toBe(true);
    expect((await client.api('/api/users/me', { token: erin.accessToken })).status).toBe(200);
    expectApiError(await client.login({ username: erin.user.username, password: erin.password }), 401, ErrorCode.InvalidCredentials);
    expect((await client.login({ username: erin.user.username, password: 'new-password-1' })).status).toBe(200);
  });

  it('changing the password needs an access token', async () => {
    expectApiError(await client.api('/api/auth/password', { body: { currentPassword: 'x', newPassword: 'new-password-1' } }), 401, ErrorCode.Unauthenticated);
  });
});

describe('a socket does not outlive its access token (ACCESS_TOKEN_TTL=3)', () => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite', env: { ACCESS_TOKEN_TTL: '3' } });
    client = new ApiClient(server);
    alice = await createUser(client);
    bob = await createUser(client);
    conversationId = (await openConversation(client, alice, bob)).id;
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  it('is closed with token_expired when its token expires', async () => {
    const login = await client.login({ username: alice.user.username, password: alice.password });
    const socket = await connectSocket(server.url, login.body.accessToken);
    const took = await expectClosedBy(socket, SocketCloseReason.TokenExpired, 6_000);
    expect(took).toBeLessThan(5_000);
  });

  it('stays connected past the old expiry when renewed with auth:renew, and keeps sending', async () => {
    const login = await client.login({ username: alice.user.username, password: alice.password });
    let cookie = refreshCookieOf(login)?.value;
    const socket = await connectSocket(server.url, login.body.accessToken);
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const renewed = await client.refresh(cookie);
      expect(renewed.status, renewed.text).toBe(200);
      cookie = refreshCookieOf(renewed)?.value;
      expect(await emitRaw(socket, SocketEvent.AuthRenew, [{ token: renewed.body.accessToken }], true)).toEqual({ ok: true });
    }
    // 4.5 s after connecting with a 3 s token: still connected, and sends are stored.
    expect(socket.connected).toBe(true);
    const ack = await sendMessage(socket, { conversationId, body: 'renewed', clientMessageId: newClientMessageId() });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
  });

  it("refuses a renewal with another account's token, or a forged one", async () => {
    const socket = await connectSocket(server.url, (await client.login({ username: alice.user.username, password: alice.password })).body.accessToken);
    const bobs = (await client.login({ username: bob.user.username, password: bob.password })).body.accessToken;
    const answer = (await emitRaw(socket, SocketEvent.AuthRenew, [{ token: bobs }], true)) as { ok: boolean; error?: { code: string } };
    expect(answer).toMatchObject({ ok: false, error: { code: ErrorCode.Unauthenticated } });
    expect(await emitRaw(socket, SocketEvent.AuthRenew, [{ token: 'x.y.z' }], true)).toMatchObject({ ok: false });
    expect(await emitRaw(socket, SocketEvent.AuthRenew, ['nonsense'], true)).toMatchObject({ ok: false });
  });
});
