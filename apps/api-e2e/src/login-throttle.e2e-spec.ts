import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@parley/contract';
import { expectApiError } from './support/expectations';
import { createUser, type TestUser } from './support/factories';
import { ApiClient, type ApiResponse } from './support/http';
import { startServer, type TestServer } from './support/server';

const retryAfter = (res: ApiResponse) => Number(res.headers.get('retry-after'));

/** Guessing one account's password from many addresses: a per-account back-off, never a lock-out. */
describe('failed logins per account (LOGIN_FAILURES_BEFORE_DELAY=5, base 1 s)', () => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser;
  let from = 0;
  /** Every attempt from another address (the server trusts one proxy), so the per-IP limit never plays a part. */
  const login = (username: string, password: string) =>
    client.api('/api/auth/login', { body: { username, password }, headers: { 'x-forwarded-for': `198.51.100.${(from++ % 250) + 1}` } });

  beforeAll(async () => {
    server = await startServer({
      database: 'sqlite',
      env: { TRUST_PROXY: '1', AUTH_RATE_LIMIT: '5', LOGIN_FAILURES_BEFORE_DELAY: '5', LOGIN_DELAY_BASE_SECONDS: '1', LOGIN_DELAY_MAX_SECONDS: '4' },
    });
    client = new ApiClient(server);
    alice = await createUser(client);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('5 failures from 5 addresses are 401; then even the right password waits (429 + Retry-After), and works once the wait is over', async () => {
    for (let i = 0; i < 5; i++) expectApiError(await login(alice.user.username, `wrong-${i}`), 401, ErrorCode.InvalidCredentials);
    const held = await login(alice.user.username, alice.password);
    expectApiError(held, 429, ErrorCode.RateLimited);
    expect(retryAfter(held)).toBe(1);
    expect((held.body as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, (held.body as { retryAfterMs: number }).retryAfterMs + 50));
    const ok = await login(alice.user.username, alice.password);
    expect(ok.status, ok.text).toBe(200);
    // Success clears the count: the next wrong guess is a plain 401 again.
    expectApiError(await login(alice.user.username, 'wrong-again'), 401, ErrorCode.InvalidCredentials);
  });

  it('each further failure doubles the wait, up to the maximum; only one attempt per wait gets through, however many arrive at once', async () => {
    const bob = await createUser(client);
    for (let i = 0; i < 5; i++) await login(bob.user.username, `wrong-${i}`);
    await new Promise((r) => setTimeout(r, 1_050));
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => login(bob.user.username, `parallel-${i}`)));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(1);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(7);
    const next = await login(bob.user.username, bob.password);
    expectApiError(next, 429, ErrorCode.RateLimited);
    expect(retryAfter(next)).toBe(2);
  });

  it('unknown usernames are throttled alike (nothing tells which accounts exist)', async () => {
    for (let i = 0; i < 5; i++) expectApiError(await login('nobody_by_that_name', `x-${i}-long`), 401, ErrorCode.InvalidCredentials);
    expectApiError(await login('nobody_by_that_name', 'x-final-long'), 429, ErrorCode.RateLimited);
  });

  it("another account is not affected by one account's failures", async () => {
    const carol = await createUser(client);
    const res = await login(carol.user.username, carol.password);
    expect(res.status, res.text).toBe(200);
  });

  it('the per-IP limit is a sliding window and says when to come back (Retry-After on every 429)', async () => {
    const fixed = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 5; i++) expectApiError(await client.api('/api/auth/refresh', { method: 'POST', headers: fixed }), 401, ErrorCode.Unauthenticated);
    const limited = await client.api('/api/auth/refresh', { method: 'POST', headers: fixed });
    expectApiError(limited, 429, ErrorCode.RateLimited);
    expect(retryAfter(limited)).toBeGreaterThanOrEqual(1);
    expect(retryAfter(limited)).toBeLessThanOrEqual(120);
  });
});
