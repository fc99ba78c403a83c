import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, type Message } from '@parley/contract';
import { expectApiError } from './support/expectations';
import { createUser, newClientMessageId, openConversation, type TestUser } from './support/factories';
import { ApiClient } from './support/http';
import { listAllMessages } from './support/queries';
import { startServer, type TestServer } from './support/server';
import { closeAllSockets, connectSocket, sendMessage } from './support/socket';

/** The harness raises the send limit for everyone else's seeding: here it is the default again. */
const DEFAULT_SEND_LIMIT = { SEND_RATE_BURST: undefined, SEND_RATE_PER_SECOND: undefined };

/** The per-account token bucket with its defaults: a burst of 50 (a client's outbox after a reconnect), then 10 a second. */
describe('per-account send limit (defaults: burst 50, 10/s)', () => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite', env: DEFAULT_SEND_LIMIT });
    client = new ApiClient(server);
    alice = await createUser(client);
    bob = await createUser(client);
    conversationId = (await openConversation(client, alice, bob)).id;
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  it('a burst of 50 at once is stored whole; beyond it RATE_LIMITED with retryAfterMs, after which sending works again', async () => {
    const socket = await connectSocket(server.url, alice.accessToken);
    const acks = await Promise.all(
      Array.from({ length: 60 }, (_, i) => sendMessage(socket, { conversationId, body: `burst ${i}`, clientMessageId: newClientMessageId() })),
    );
    const stored = acks.filter((a) => a.ok);
    expect(stored.length).toBeGreaterThanOrEqual(50);
    expect(stored.length).toBeLessThanOrEqual(52);
    const refused = acks.filter((a) => !a.ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const ack of refused) {
      expect(ack).toMatchObject({ ok: false, error: { code: ErrorCode.RateLimited, message: expect.any(String) } });
      const wait = !ack.ok ? ack.error.retryAfterMs : undefined;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(1_000);
    }
    // Only what was acknowledged is stored.
    const ids = (await listAllMessages(client, bob.accessToken, conversationId)).map((m) => m.id);
    expect(ids).toEqual(stored.map((a) => (a.ok ? a.message.id : '')));

    const wait = Math.max(...refused.map((a) => (!a.ok ? (a.error.retryAfterMs ?? 0) : 0)));
    await new Promise((r) => setTimeout(r, wait + 50));
    const again = await sendMessage(socket, { conversationId, body: 'after the wait', clientMessageId: newClientMessageId() });
    expect(again.ok, JSON.stringify(again)).toBe(true);
  });

  it('REST sends share the bucket: 429 RATE_LIMITED with Retry-After and retryAfterMs', async () => {
    const carol = await createUser(client);
    const id = (await openConversation(client, carol, bob)).id;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        client.api<Message>(`/api/conversations/${id}/messages`, { token: carol.accessToken, body: { body: `rest ${i}`, clientMessageId: newClientMessageId() } }),
      ),
    );
    expect(results.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(50);
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const res of limited) {
      expectApiError(res, 429, ErrorCode.RateLimited);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((res.body as { retryAfterMs?: number }).retryAfterMs).toBeGreaterThan(0);
    }
  });

  it("one account's limit is its own: another account sends a full burst meanwhile", async () => {
    const dave = await createUser(client);
    const id = (await openConversation(client, dave, bob)).id;
    const socket = await connectSocket(server.url, dave.accessToken);
    const acks = await Promise.all(Array.from({ length: 50 }, (_, i) => sendMessage(socket, { conversationId: id, body: `d ${i}`, clientMessageId: newClientMessageId() })));
    expect(acks.every((a) => a.ok)).toBe(true);
  });
});
