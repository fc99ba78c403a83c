import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, type AuthResponse, type User } from '@parley/contract';
import { ApiClient, refreshCookieOf, REFRESH_COOKIE, type ApiResponse } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, signupInput, uniqueUsername } from './support/factories';
import { expectApiError, expectNoSecrets } from './support/expectations';

function expectRefreshCookie(res: ApiResponse): string {
  const cookie = refreshCookieOf(res);
  expect(cookie, `no ${REFRESH_COOKIE} cookie in ${JSON.stringify(res.setCookies)}`).toBeDefined();
  expect(cookie!.value.length).toBeGreaterThan(0);
  expect(cookie!.attributes['httponly']).toBe(true);
  expect(String(cookie!.attributes['samesite']).toLowerCase()).toBe('strict');
  expect(cookie!.attributes['path']).toBe('/api/auth');
  return cookie!.value;
}

function expectCookieCleared(res: ApiResponse): void {
  const cookie = refreshCookieOf(res);
  expect(cookie, `logout should clear ${REFRESH_COOKIE}: ${JSON.stringify(res.setCookies)}`).toBeDefined();
  expect(cookie!.attributes['path']).toBe('/api/auth');
  const maxAge = cookie!.attributes['max-age'];
  const expires = cookie!.attributes['expires'];
  const cleared = maxAge === '0' || (typeof expires === 'string' && Date.parse(expires) <= Date.now());
  expect(cleared, JSON.stringify(cookie)).toBe(true);
}

describe.each(databaseKinds)('auth (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    // No grace window: a replay right after the rotation must count as one here (refresh-grace.e2e-spec covers the window).
    server = await startServer({ database, env: { REFRESH_REUSE_GRACE_SECONDS: '0' } });
    client = new ApiClient(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('signs up: 201, the public user, an access token and the refresh cookie; never the password', async () => {
    const input = signupInput({ displayName: 'Ada Lovelace' });
    const res = await client.signup(input);
    expect(res.status, res.text).toBe(201);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.user).toEqual({
      id: expect.any(String),
      username: input.username,
      displayName: 'Ada Lovelace',
      createdAt: expect.any(String),
      // v2 presence: a new account has never been seen.
      online: false,
      lastSeenAt: null,
    });
    expect(Number.isNaN(Date.parse(res.body.user.createdAt))).toBe(false);
    expectRefreshCookie(res);
    expectNoSecrets(res.body, [input.password]);
  });

  it('defaults displayName to the username and stores the username lower-case', async () => {
    const name = uniqueUsername('Mixed');
    const res = await client.signup(signupInput({ username: name.toUpperCase() }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.user.username).toBe(name.toLowerCase());
    expect(res.body.user.displayName).toEqual(expect.any(String));
    expect(res.body.user.displayName.toLowerCase()).toBe(name.toLowerCase());
  });

  it('treats usernames case-insensitively: ALICE after alice is 409, login in any case is the same account', async () => {
    const alice = await createUser(client, { username: uniqueUsername('alice') });
    const taken = await client.signup(signupInput({ username: alice.user.username.toUpperCase() }));
    expectApiError(taken, 409, ErrorCode.UsernameTaken);

    const login = await client.login({ username: alice.user.username.toUpperCase(), password: alice.password });
    expect(login.status, login.text).toBe(200);
    expect(login.body.user).toEqual(alice.user);
    expectRefreshCookie(login);
    expectNoSecrets(login.body, [alice.password]);
  });

  it('concurrent signups of one username create exactly one account', async () => {
    const username = uniqueUsername('race');
    const results = await Promise.all(
      ['', 'x', 'y', 'z'].map((s, i) => client.signup({ username: i % 2 ? username.toUpperCase() : username, password: `password-${s}${i}` })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses, results.map((r) => r.text).join('\n')).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((r) => r.status === 409)) expectApiError(r, 409, ErrorCode.UsernameTaken);
  });

  it('answers unknown user and wrong password with the same 401', async () => {
    const bob = await createUser(client);
    const wrongPassword = await client.login({ username: bob.user.username, password: `${bob.password}-nope` });
    const unknownUser = await client.login({ username: uniqueUsername('ghost'), password: bob.password });
    expectApiError(wrongPassword, 401, ErrorCode.InvalidCredentials);
    expectApiError(unknownUser, 401, ErrorCode.InvalidCredentials);
    expect(unknownUser.body).toEqual(wrongPassword.body);
    expect(refreshCookieOf(wrongPassword)).toBeUndefined();
  });

  it('GET /api/users/me returns the caller; 401 without or with a bad bearer', async () => {
    const carol = await createUser(client);
    const me = await client.api<User>('/api/users/me', { token: carol.accessToken });
    expect(me.status, me.text).toBe(200);
    expect(me.body).toEqual(carol.user);
    expectNoSecrets(me.body, [carol.password]);

    expectApiError(await client.api('/api/users/me'), 401, ErrorCode.Unauthenticated);
    expectApiError(await client.api('/api/users/me', { token: 'not-a-jwt' }), 401, ErrorCode.Unauthenticated);
    expectApiError(await client.api('/api/users/me', { headers: { authorization: 'Bearer ' } }), 401, ErrorCode.Unauthenticated);
    expectApiError(await client.api('/api/users/me', { headers: { authorization: `Basic ${carol.accessToken}` } }), 401, ErrorCode.Unauthenticated);
    expectApiError(await client.api('/api/users/me', { headers: { authorization: carol.accessToken } }), 401, ErrorCode.Unauthenticated);
  });

  it('refresh rotates the cookie and returns a working access token', async () => {
    const dave = await createUser(client);
    const res = await client.refresh(dave.refreshCookie);
    expect(res.status, res.text).toBe(200);
    expect(res.body.user).toEqual(dave.user);
    const rotated = expectRefreshCookie(res);
    expect(rotated).not.toBe(dave.refreshCookie);
    expectNoSecrets(res.body, [dave.password]);
    const me = await client.api<User>('/api/users/me', { token: res.body.accessToken });
    expect(me.status, me.text).toBe(200);
    expect(me.body.id).toBe(dave.user.id);
  });

  it('refresh without a cookie or with a made-up one is 401', async () => {
    expectApiError(await client.refresh(), 401, ErrorCode.Unauthenticated);
    expectApiError(await client.refresh('made-up-value'), 401, ErrorCode.Unauthenticated);
  });

  it('replaying a rotated refresh token is 401 and revokes that login (the newer token stops working)', async () => {
    const erin = await createUser(client);
    const otherLogin = await client.login({ username: erin.user.username, password: erin.password });
    expect(otherLogin.status, otherLogin.text).toBe(200);
    const otherCookie = expectRefreshCookie(otherLogin);

    const first = await client.refresh(erin.refreshCookie);
    expect(first.status, first.text).toBe(200);
    const newer = expectRefreshCookie(first);

    expectApiError(await client.refresh(erin.refreshCookie), 401, ErrorCode.Unauthenticated);
    expectApiError(await client.refresh(newer), 401, ErrorCode.Unauthenticated);

    // Only that login: the same user's other session keeps working.
    const other = await client.refresh(otherCookie);
    expect(other.status, other.text).toBe(200);
  });

  it('logout is 204, clears the cookie, and the refresh token no longer works', async () => {
    const frank = await createUser(client);
    const res = await client.logout(frank.refreshCookie);
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe('');
    expectCookieCleared(res);
    expectApiError(await client.refresh(frank.refreshCookie), 401, ErrorCode.Unauthenticated);
  });

  it('a refresh token is not an access token and an access token is not a refresh token', async () => {
    const gina = await createUser(client);
    expectApiError(await client.api('/api/users/me', { token: gina.refreshCookie }), 401, ErrorCode.Unauthenticated);
    expectApiError(await client.refresh(gina.accessToken), 401, ErrorCode.Unauthenticated);
    // The genuine refresh cookie still works after those attempts.
    const ok = await client.refresh(gina.refreshCookie);
    expect(ok.status, ok.text).toBe(200);
  });

  it('never returns a password in user listings and conversation members', async () => {
    const hank = await createUser(client);
    const ivy = await createUser(client);
    const users = await client.api('/api/users', { token: hank.accessToken });
    expect(users.status, users.text).toBe(200);
    expectNoSecrets(users.body, [hank.password, ivy.password]);
    const conv = await client.api('/api/conversations', { token: hank.accessToken, body: { memberIds: [ivy.user.id] } });
    expect(conv.status, conv.text).toBe(201);
    expectNoSecrets(conv.body, [hank.password, ivy.password]);
  });
});

describe('auth secrets in the logs (default log level)', () => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite', env: { LOG_LEVEL: 'info' } });
    client = new ApiClient(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('never logs passwords, access tokens or refresh tokens', async () => {
    const input = signupInput();
    const signup = await client.signup(input);
    expect(signup.status, signup.text).toBe(201);
    const login = await client.login({ username: input.username, password: input.password });
    expect(login.status, login.text).toBe(200);
    const badLogin = await client.login({ username: input.username, password: `${input.password}-wrong` });
    expect(badLogin.status).toBe(401);
    const rejected = await client.signup({ username: 'no spaces allowed', password: `${input.password}-rejected` });
    expect(rejected.status).toBe(400);
    const loginCookie = refreshCookieOf(login)!.value;
    const refreshed = await client.refresh(loginCookie);
    expect(refreshed.status, refreshed.text).toBe(200);
    const body = refreshed.body as AuthResponse;
    expect((await client.api('/api/users/me', { token: body.accessToken })).status).toBe(200);
    expect((await client.api('/api/users/me', { token: `${body.accessToken}x` })).status).toBe(401);
    await client.logout(refreshCookieOf(refreshed)!.value);

    // Let the logger flush: /api/health is answered after the requests above were logged.
    expect((await client.health()).status).toBe(200);
    const logs = server.logs();
    const secrets = {
      password: input.password,
      wrongPassword: `${input.password}-wrong`,
      rejectedSignupPassword: `${input.password}-rejected`,
      signupAccessToken: signup.body.accessToken,
      loginAccessToken: login.body.accessToken,
      refreshedAccessToken: body.accessToken,
      signupRefresh: refreshCookieOf(signup)!.value,
      loginRefresh: loginCookie,
    };
    for (const [what, secret] of Object.entries(secrets)) {
      expect(logs.includes(secret), `the server logged the ${what}`).toBe(false);
    }
  });
});
