import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { ErrorCode, SOCKET_UNAUTHORIZED, type User } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, openConversation, postMessage, type TestUser } from './support/factories';
import { expectApiError, expectHealthy } from './support/expectations';
import { closeAllSockets, connectSocket, expectConnectError } from './support/socket';
import { snapshotOf } from './support/queries';
import { decodeJwt, signHmacJwt, tamperPayload, tamperSignature, unsignedJwt } from './support/tokens';

const otherHmac: Record<string, string> = { HS256: 'HS512', HS384: 'HS256', HS512: 'HS256' };

describe.each(databaseKinds)('forged and broken access tokens (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser;
  let bob: TestUser;
  let snapshot: unknown;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    alice = await createUser(client);
    bob = await createUser(client);
    snapshot = await snapshotOf(client, [alice, bob]);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await server?.dispose();
  });

  /** Rejected over REST (401 UNAUTHENTICATED) and at the socket handshake (`unauthorized`). */
  async function expectRejected(token: string): Promise<void> {
    expectApiError(await client.api('/api/users/me', { token }), 401, ErrorCode.Unauthenticated);
    expectApiError(await client.api('/api/conversations', { token }), 401, ErrorCode.Unauthenticated);
    expectApiError(await client.api('/api/conversations', { token, body: { memberIds: [bob.user.id] } }), 401, ErrorCode.Unauthenticated);
    const err = await expectConnectError(server.url, { token });
    expect(err.message).toBe(SOCKET_UNAUTHORIZED);
  }

  it('the genuine token works (control for everything below)', async () => {
    const me = await client.api<User>('/api/users/me', { token: alice.accessToken });
    expect(me.status, me.text).toBe(200);
    const socket = await connectSocket(server.url, alice.accessToken);
    expect(socket.connected).toBe(true);
  });

  it('the same claims re-signed with the server secret are accepted (so the forgeries below differ only in what they forge)', async () => {
    const { header, payload } = decodeJwt(alice.accessToken);
    const resigned = signHmacJwt(header, payload, server.jwtSecret);
    expect((await client.api('/api/users/me', { token: resigned })).status).toBe(200);
  });

  it('rejects a tampered signature', async () => {
    await expectRejected(tamperSignature(alice.accessToken));
  });

  it("rejects claims changed under the original signature (bob's id in alice's token)", async () => {
    await expectRejected(tamperPayload(alice.accessToken, { sub: bob.user.id }));
  });

  it.each(['none', 'None', 'NONE'])('rejects an alg:%s token carrying genuine claims', async (alg) => {
    const { payload } = decodeJwt(alice.accessToken);
    const token = unsignedJwt(payload).replace(
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url'),
    );
    await expectRejected(token);
    // Also with a junk signature part.
    await expectRejected(`${token}${randomBytes(8).toString('base64url')}`);
  });

  it('rejects a token signed with the right secret under another HMAC algorithm (the algorithm is pinned)', async () => {
    const { header, payload } = decodeJwt(alice.accessToken);
    const alg = otherHmac[String(header['alg'])];
    expect(alg, `unexpected token alg ${String(header['alg'])}`).toBeDefined();
    await expectRejected(signHmacJwt({ ...header, alg }, payload, server.jwtSecret));
  });

  it('rejects a well-formed token signed with another secret', async () => {
    const { header, payload } = decodeJwt(alice.accessToken);
    await expectRejected(signHmacJwt(header, payload, randomBytes(32).toString('hex')));
  });

  it('rejects a validly signed token for a user that does not exist', async () => {
    const { header, payload } = decodeJwt(alice.accessToken);
    await expectRejected(signHmacJwt(header, { ...payload, sub: randomUUID() }, server.jwtSecret));
  });

  it('rejects a validly signed token whose subject is not even a UUID', async () => {
    const { header, payload } = decodeJwt(alice.accessToken);
    await expectRejected(signHmacJwt(header, { ...payload, sub: "1' OR '1'='1" }, server.jwtSecret));
    await expectRejected(signHmacJwt(header, { ...payload, sub: 12345 }, server.jwtSecret));
  });

  it('rejects a validly signed token that has already expired', async () => {
    const { header, payload } = decodeJwt(alice.accessToken);
    const past = Math.floor(Date.now() / 1000) - 3600;
    await expectRejected(signHmacJwt(header, { ...payload, iat: past - 900, exp: past }, server.jwtSecret));
  });

  it.each([
    ['exp', 'a token without it would be valid forever'],
    ['iat', 'required alongside exp'],
    ['sid', 'the login it belongs to, so that ending the login ends the token'],
  ])('rejects a validly signed token without %s (%s)', async (claim) => {
    const { header, payload } = decodeJwt(alice.accessToken);
    const { [claim]: _dropped, ...rest } = payload;
    await expectRejected(signHmacJwt(header, rest, server.jwtSecret));
  });

  it.each([
    ['no auth at all', undefined],
    ['an empty auth object', {}],
    ['an empty token', { token: '' }],
    ['a number token', { token: 12345 }],
    ['an object token', { token: { sub: 'x' } }],
    ['garbage', { token: 'garbage' }],
    ['three dots', { token: '...' }],
    ['a Bearer-prefixed string of garbage', { token: 'Bearer abc.def.ghi' }],
  ])('socket handshake with %s -> connect_error unauthorized', async (_, auth) => {
    const err = await expectConnectError(server.url, auth);
    expect(err.message).toBe(SOCKET_UNAUTHORIZED);
  });

  it('a refresh token is refused at the socket handshake', async () => {
    const err = await expectConnectError(server.url, { token: alice.refreshCookie });
    expect(err.message).toBe(SOCKET_UNAUTHORIZED);
  });

  it('after all of that nothing stored changed and the server still serves the genuine users', async () => {
    await expectHealthy(server);
    expect(await snapshotOf(client, [alice, bob])).toEqual(snapshot);
    const conversation = await openConversation(client, alice, bob);
    const socket = await connectSocket(server.url, bob.accessToken);
    expect(socket.connected).toBe(true);
    expect((await postMessage(client, alice, conversation.id, 'still here')).seq).toBeGreaterThan(0);
  });
});

describe('expired access tokens (ACCESS_TOKEN_TTL=1)', () => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite', env: { ACCESS_TOKEN_TTL: '1' } });
    client = new ApiClient(server);
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  it('an expired token is refused over REST and at the socket handshake; refresh still issues a new one', async () => {
    const user = await createUser(client);
    const { header, payload } = decodeJwt(user.accessToken);
    expect(Number(payload['exp']) - Number(payload['iat'])).toBe(1);
    // Waiting for expiry is not a timing assertion: nothing below depends on how fast the server is.
    const expiredAt = Number(payload['exp']) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, expiredAt - Date.now()) + 1_100));

    expectApiError(await client.api('/api/users/me', { token: user.accessToken }), 401, ErrorCode.Unauthenticated);
    const err = await expectConnectError(server.url, { token: user.accessToken });
    expect(err.message).toBe(SOCKET_UNAUTHORIZED);

    // Control: the very same claims with a future exp, signed with the server's secret, are accepted.
    const renewed = signHmacJwt(header, { ...payload, exp: Math.floor(Date.now() / 1000) + 600 }, server.jwtSecret);
    expect((await client.api('/api/users/me', { token: renewed })).status).toBe(200);

    const refreshed = await client.refresh(user.refreshCookie);
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(Number(decodeJwt(refreshed.body.accessToken).payload['exp'])).toBeGreaterThan(Number(payload['exp']));
  });
});
