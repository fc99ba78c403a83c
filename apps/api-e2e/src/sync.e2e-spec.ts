import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Limits, type Message, type SyncResponse } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, openConversation, postMessage, postMessages, type TestUser } from './support/factories';
import { expectApiError, expectHealthy } from './support/expectations';

describe.each(databaseKinds)('GET /api/sync catch-up (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  async function sync(user: TestUser, query: string): Promise<SyncResponse> {
    const res = await client.api<SyncResponse>(`/api/sync${query}`, { token: user.accessToken });
    expect(res.status, res.text).toBe(200);
    return res.body;
  }

  it('without since returns just the current cursor', async () => {
    const u = await createUser(client);
    const res = await sync(u, '');
    expect(res).toEqual({ messages: [], conversations: [], removedConversationIds: [], cursor: expect.any(String), hasMore: false });
  });

  it('pages through exactly my messages since the cursor, each once, in seq order per conversation', async () => {
    const [a, b, c, d, e] = [await createUser(client), await createUser(client), await createUser(client), await createUser(client), await createUser(client)];
    const ab = await openConversation(client, a, b);
    const cd = await openConversation(client, c, d);
    await postMessage(client, a, ab.id, 'before the cursor');
    const { cursor: start } = await sync(a, '');

    const mine: Message[] = [];
    mine.push(...(await postMessages(client, b, ab.id, 3, 'ab')));
    await postMessages(client, c, cd.id, 3, 'not for a');
    const ae = await openConversation(client, e, a); // a conversation that starts while a is away
    mine.push(...(await postMessages(client, e, ae.id, 2, 'ae')));
    mine.push(await postMessage(client, a, ab.id, 'ab from a'));

    const got: Message[] = [];
    const conversationIds = new Set<string>();
    let cursor = start;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(20);
      const page = await sync(a, `?since=${cursor}&limit=2`);
      expect(page.messages.length).toBeLessThanOrEqual(2);
      got.push(...page.messages);
      page.conversations.forEach((conv) => conversationIds.add(conv.id));
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(got).toEqual(mine);
    expect([...conversationIds].sort()).toEqual([ab.id, ae.id].sort());
    expect(await sync(a, `?since=${cursor}`)).toEqual({ messages: [], conversations: [], removedConversationIds: [], cursor, hasMore: false });
  });

  it.each([
    ['since=abc', ['since']],
    ['since=-1', ['since']],
    ['since=1.5', ['since']],
    ['since=1&limit=0', ['limit']],
    ['since=1&limit=abc', ['limit']],
    [`since=1&limit=${Limits.syncPageMax + 1}`, ['limit']],
  ])('GET /api/sync?%s -> 400 naming the parameter', async (query, fields) => {
    const u = await createUser(client);
    expectApiError(await client.api(`/api/sync?${query}`, { token: u.accessToken }), 400, ErrorCode.ValidationFailed, fields);
    await expectHealthy(server);
  });

  it('refuses a cursor ahead of the stream (from a reset or restored database) so the client starts over', async () => {
    const u = await createUser(client);
    const { cursor } = await sync(u, '');
    const ahead = String(Number(cursor) + 1_000_000);
    expectApiError(await client.api(`/api/sync?since=${ahead}`, { token: u.accessToken }), 400, ErrorCode.ValidationFailed, ['since']);
    expect((await sync(u, `?since=${cursor}`)).cursor).toBe(cursor);
  });

  it('requires a bearer', async () => {
    expectApiError(await client.api('/api/sync?since=0'), 401, ErrorCode.Unauthenticated);
  });
});
