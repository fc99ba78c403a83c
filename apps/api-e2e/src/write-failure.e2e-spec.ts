import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ErrorCode, type Message } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, type TestServer } from './support/server';
import { createUser, newClientMessageId, openConversation, type TestUser } from './support/factories';
import { expectApiError, expectHealthy } from './support/expectations';
import { listAllMessages } from './support/queries';
import { closeAllSockets, connectSocket, sendMessage } from './support/socket';

/**
 * The database refuses writes (here: the messages table is renamed away on the real PostgreSQL under
 * the server): nothing is acknowledged that was not stored, the client is told to retry, and the
 * retry with the same clientMessageId stores the message once, with no gap in seq.
 */
describe('a message write that fails (postgres)', () => {
  let server: TestServer;
  let client: ApiClient;
  let admin: pg.Client;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;

  beforeAll(async () => {
    server = await startServer({ database: 'postgres' });
    client = new ApiClient(server);
    admin = new pg.Client({ connectionString: server.databaseUrl });
    await admin.connect();
    alice = await createUser(client);
    bob = await createUser(client);
    conversationId = (await openConversation(client, alice, bob)).id;
  });
  afterEach(async () => {
    closeAllSockets();
    await admin.query('ALTER TABLE IF EXISTS "messages_offline" RENAME TO "messages"');
  });
  afterAll(async () => {
    await admin?.end();
    await server?.dispose();
  });

  it('is answered with SERVICE_UNAVAILABLE over the socket and REST, and the retry stores it once', async () => {
    const socket = await connectSocket(server.url, alice.accessToken);
    const first = await sendMessage(socket, { conversationId, body: 'before the failure', clientMessageId: newClientMessageId() });
    expect(first.ok).toBe(true);

    await admin.query('ALTER TABLE "messages" RENAME TO "messages_offline"');
    const clientMessageId = newClientMessageId();
    const refused = await sendMessage(socket, { conversationId, body: 'during the failure', clientMessageId });
    expect(refused).toMatchObject({ ok: false, error: { code: ErrorCode.Unavailable } });
    const restRefused = await client.api<Message>(`/api/conversations/${conversationId}/messages`, {
      token: alice.accessToken,
      body: { body: 'during the failure', clientMessageId },
    });
    expectApiError(restRefused, 503, ErrorCode.Unavailable);
    await expectHealthy(server);

    await admin.query('ALTER TABLE "messages_offline" RENAME TO "messages"');
    const retried = await sendMessage(socket, { conversationId, body: 'during the failure', clientMessageId });
    const again = await sendMessage(socket, { conversationId, body: 'during the failure', clientMessageId });
    expect(retried.ok && again.ok).toBe(true);
    if (!retried.ok || !again.ok) return;
    expect(again.message).toEqual(retried.message);
    expect(retried.message.seq).toBe(2);

    const history = await listAllMessages(client, bob.accessToken, conversationId);
    expect(history.map((m) => [m.seq, m.body])).toEqual([
      [1, 'before the failure'],
      [2, 'during the failure'],
    ]);
  });
});
