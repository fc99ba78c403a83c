import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@parley/contract';
import { expectApiError } from './support/expectations';
import { createUser } from './support/factories';
import { ApiClient, refreshCookieOf } from './support/http';
import { startServer, type TestServer } from './support/server';

/** Two tabs (or a retried request) refreshing one token at once must not end the login. */
describe('refresh reuse grace window (REFRESH_REUSE_GRACE_SECONDS=2)', () => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite', env: { REFRESH_REUSE_GRACE_SECONDS: '2' } });
    client = new ApiClient(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('two refreshes of one token at once both succeed with the same successor, and the login lives on', async () => {
    const alice = await createUser(client);
    const [first, second] = await Promise.all([client.refresh(alice.refreshCookie), client.refresh(alice.refreshCookie)]);
    expect(first.status, first.text).toBe(200);
    expect(second.status, second.text).toBe(200);
    const successor = refreshCookieOf(first)?.value;
    expect(successor).toBeTruthy();
    expect(refreshCookieOf(second)?.value).toBe(successor);
    const next = await client.refresh(successor);
    expect(next.status, next.text).toBe(200);
    expect((await client.api('/api/users/me', { token: next.body.accessToken })).status).toBe(200);
  });

  it('a retry a moment later within the window gets the same successor too', async () => {
    const bob = await createUser(client);
    const first = await client.refresh(bob.refreshCookie);
    await new Promise((r) => setTimeout(r, 300));
    const retry = await client.refresh(bob.refreshCookie);
    expect(retry.status, retry.text).toBe(200);
    expect(refreshCookieOf(retry)?.value).toBe(refreshCookieOf(first)?.value);
  });

  it('after the window a replay is a replay: 401, and the successor stops working', async () => {
    const carol = await createUser(client);
    const first = await client.refresh(carol.refreshCookie);
    await new Promise((r) => setTimeout(r, 2_500));
    expectApiError(await client.refresh(carol.refreshCookie), 401, ErrorCode.Unauthenticated);
    expectApiError(await client.refresh(refreshCookieOf(first)?.value), 401, ErrorCode.Unauthenticated);
  });
});
