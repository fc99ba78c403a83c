import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationKind, ErrorCode, MessageKind, type Conversation } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, openConversation, postMessage } from './support/factories';
import { expectApiError } from './support/expectations';
import { getConversation } from './support/groups';
import { listAllConversations, listAllMessages } from './support/queries';

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
      createdBy: a.user.id,
      members: expect.any(Array),
      lastMessage: null,
      lastSeq: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      unreadCount: 0,
      readState: expect.any(Array),
    });
    expect([...res.body.readState].sort((x, y) => x.userId.localeCompare(y.userId))).toEqual(
      [a, b].map((u) => ({ userId: u.user.id, lastReadSeq: 0 })).sort((x, y) => x.userId.localeCompare(y.userId)),
    );
    expect([...res.body.members].sort((x, y) => x.id.localeCompare(y.id))).toEqual([a.user, b.user].sort((x, y) => x.id.localeCompare(y.id)));
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

  it('a direct conversation refuses rename, add and remove with 409 NOT_A_GROUP and stays as it was', async () => {
    const a = await createUser(client);
    const b = await createUser(client);
    const c = await createUser(client);
    const direct = await openConversation(client, a, b);
    const path = `/api/conversations/${direct.id}`;
    for (const [who, method, route, body] of [
      [a, 'PATCH', path, { title: 'our chat' }],
      [b, 'PATCH', path, { title: 'our chat' }],
      [a, 'POST', `${path}/members`, { userIds: [c.user.id] }],
      [a, 'DELETE', `${path}/members/${b.user.id}`, undefined],
      [b, 'DELETE', `${path}/members/${b.user.id}`, undefined],
    ] as const) {
      expectApiError(await client.api(route, { token: who.accessToken, method, body }), 409, ErrorCode.NotAGroup);
    }
    // Nothing moved: same state, no system line, c was not let in.
    expect(await getConversation(client, a, direct.id)).toEqual(direct);
    expect(await listAllMessages(client, a.accessToken, direct.id)).toEqual([]);
    expectApiError(await client.api(path, { token: c.accessToken }), 404, ErrorCode.NotFound);
  });

  it('direct messages are v1 text messages (kind text, version 1) and count as unread for the other member only', async () => {
    const a = await createUser(client);
    const b = await createUser(client);
    const direct = await openConversation(client, a, b);
    const message = await postMessage(client, a, direct.id, 'hi b');
    expect(message).toEqual({
      id: expect.any(String),
      conversationId: direct.id,
      senderId: a.user.id,
      body: 'hi b',
      clientMessageId: expect.any(String),
      seq: 1,
      createdAt: expect.any(String),
      kind: MessageKind.Text,
      version: 1,
    });
    expect(await getConversation(client, b, direct.id)).toMatchObject({ unreadCount: 1, lastSeq: 1, lastMessage: message });
    expect(await getConversation(client, a, direct.id)).toMatchObject({ unreadCount: 0, lastSeq: 1 });
  });
});
