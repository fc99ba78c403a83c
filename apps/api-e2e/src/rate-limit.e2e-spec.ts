import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, type User } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, type TestServer } from './support/server';
import { createUser, type TestUser } from './support/factories';
import { expectApiError, expectHealthy } from './support/expectations';

describe('auth rate limit (AUTH_RATE_LIMIT=5)', () => {
  let server: TestServer;
  let client: ApiClient;
  let user: TestUser;

  beforeAll(async () => {
    // The account is made by an unlimited process; the limited one starts on the same database with fresh counters,
    // so the signup does not count against the five attempts under test.
    server = await startServer({ database: 'sqlite' });
    client = new ApiClient(server);
    user = await createUser(client);
    await server.restart({ AUTH_RATE_LIMIT: '5' });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('answers 429 RATE_LIMITED after 5 login attempts in a minute, even with the right password', async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await client.login({ username: user.user.username, password: `wrong-password-${i}` });
      expectApiError(res, 401, ErrorCode.InvalidCredentials);
    }
    expectApiError(await client.login({ username: user.user.username, password: user.password }), 429, ErrorCode.RateLimited);
    expectApiError(await client.login({ username: user.user.username, password: 'wrong-again' }), 429, ErrorCode.RateLimited);
  });

  it('keeps serving everything else meanwhile', async () => {
    await expectHealthy(server);
    const me = await client.api<User>('/api/users/me', { token: user.accessToken });
    expect(me.status, me.text).toBe(200);
    expect(me.body.id).toBe(user.user.id);
  });
});
