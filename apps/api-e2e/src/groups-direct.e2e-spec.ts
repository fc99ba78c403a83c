import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, MessageKind } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, openConversation, postMessage } from './support/factories';
import { expectApiError } from './support/expectations';
import { getConversation } from './support/groups';
import { listAllMessages } from './support/queries';

/** Direct conversations keep v1's behaviour under contract v2 and refuse every group-only operation. */
describe.each(databaseKinds)('group operations on a direct conversation (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
  });
  afterAll(async () => {
    await server?.dispose();
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
      editedAt: null,
      deletedAt: null,
      replyTo: null,
      reactions: [],
      attachments: [],
    });
    expect(await getConversation(client, b, direct.id)).toMatchObject({ unreadCount: 1, lastSeq: 1, lastMessage: message });
    expect(await getConversation(client, a, direct.id)).toMatchObject({ unreadCount: 0, lastSeq: 1 });
  });
});
