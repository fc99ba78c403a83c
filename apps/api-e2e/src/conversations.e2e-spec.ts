import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationKind, type Conversation } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser } from './support/factories';
import { listAllConversations } from './support/queries';

describe.each(databaseKinds)('direct conversations (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('GET /api/conversations/:id returns the contract shape to a member', async () => {
    const a = await createUser(client);
    const b = await createUser(client);
    const created = await client.api<Conversation>('/api/conversations', { token: a.accessToken, body: { memberIds: [b.user.id] } });
    expect(created.status, created.text).toBe(201);
    const res = await client.api<Conversation>(`/api/conversations/${created.body.id}`, { token: b.accessToken });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      id: created.body.id,
      kind: ConversationKind.Direct,
      title: null,
      members: expect.any(Array),
      lastMessage: null,
      lastSeq: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      createdBy: a.user.id,
      unreadCount: 0,
      muted: false,
      readState: expect.arrayContaining([
        { userId: a.user.id, lastReadSeq: 0 },
        { userId: b.user.id, lastReadSeq: 0 },
      ]),
    });
    expect([...res.body.members].sort((x, y) => x.id.localeCompare(y.id))).toEqual([a.user, b.user].sort((x, y) => x.id.localeCompare(y.id)));
    expect(res.body.readState).toHaveLength(2);
  });

  it('concurrent opens from both sides create exactly one conversation', async () => {
    const a = await createUser(client);
    const b = await createUser(client);
    const results = await Promise.all(
      [a, b, a, b, a, b].map((u) => client.api<Conversation>('/api/conversations', { token: u.accessToken, body: { memberIds: [(u === a ? b : a).user.id] } })),
    );
    expect(results.map((r) => r.status).sort(), results.map((r) => r.text).join('\n')).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    for (const u of [a, b]) expect((await listAllConversations(client, u.accessToken)).map((c) => c.id)).toEqual([results[0].body.id]);
  });

  it('an upper-case spelling of a UUID never creates a second conversation', async () => {
    const a = await createUser(client);
    const b = await createUser(client);
    const first = await client.api<Conversation>('/api/conversations', { token: a.accessToken, body: { memberIds: [b.user.id] } });
    expect(first.status, first.text).toBe(201);
    const upper = await client.api<Conversation>('/api/conversations', { token: a.accessToken, body: { memberIds: [b.user.id.toUpperCase()] } });
    expect([200, 404], upper.text).toContain(upper.status);
    if (upper.status === 200) expect(upper.body.id).toBe(first.body.id);
    expect((await listAllConversations(client, a.accessToken)).map((c) => c.id)).toEqual([first.body.id]);
  });
});
