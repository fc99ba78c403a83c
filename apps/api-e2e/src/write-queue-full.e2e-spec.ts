import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, SocketEvent, type SendMessageAck } from '@parley/contract';
import { createUser, newClientMessageId, openConversation, type TestUser } from './support/factories';
import { ApiClient } from './support/http';
import { listAllMessages } from './support/queries';
import { databaseKinds, startServer, type TestServer } from './support/server';
import { closeAllSockets, connectSocket, emitRaw, sendMessage } from './support/socket';

const ROUNDS = 20;
const BURST = 20;

/**
 * Past saturation (here at once: WRITE_QUEUE_MAX=1, a queue of one send), sends are refused with
 * UNAVAILABLE and retryAfterMs — a socket's before they are even validated — and a refused send is
 * not stored, so the client's retry stores it exactly once.
 */
describe.each(databaseKinds)('a full write queue (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;

  beforeAll(async () => {
    // The retries below go at once rather than after retryAfterMs (to keep the test short): lift the per-socket event budget they would exhaust.
    server = await startServer({ database, env: { WRITE_QUEUE_MAX: '1', SOCKET_EVENT_BURST: '100000', SOCKET_EVENTS_PER_SECOND: '100000' } });
    client = new ApiClient(server);
    [alice, bob] = [await createUser(client), await createUser(client)];
    conversationId = (await openConversation(client, alice, bob)).id;
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  it('refuses what does not fit, retryably and before validation; retried, every send is stored once', async () => {
    const [sender, other] = [await connectSocket(server.url, alice.accessToken), await connectSocket(server.url, bob.accessToken)];
    const wanted = new Map<string, string>();
    let refusedUnvalidated = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const sends = Array.from({ length: BURST }, (_, i) => ({ conversationId, body: `queued ${round}.${i}`, clientMessageId: newClientMessageId() }));
      for (const send of sends) wanted.set(send.clientMessageId, send.body);
      const acks = Promise.all(sends.map((send) => sendMessage(sender, send)));
      // Read in the same turn as the burst, once the burst fills the queue: refused before anyone looks at it.
      const invalid = emitRaw(other, SocketEvent.MessageSend, [{ conversationId, body: 42, clientMessageId: newClientMessageId() }], true) as Promise<SendMessageAck>;
      const invalidAck = await invalid;
      expect(invalidAck.ok).toBe(false);
      if (!invalidAck.ok) {
        expect([ErrorCode.ValidationFailed, ErrorCode.Unavailable]).toContain(invalidAck.error.code);
        if (invalidAck.error.code === ErrorCode.Unavailable) refusedUnvalidated += 1;
      }
      for (const [i, ack] of (await acks).entries()) {
        if (ack.ok) continue;
        expect(ack.error).toMatchObject({ code: ErrorCode.Unavailable, retryAfterMs: 1_000 });
        // The client's outbox sends it again, with the same clientMessageId, until it is stored.
        for (let attempt = 0; ; attempt++) {
          const retried = await sendMessage(sender, sends[i]);
          if (retried.ok) break;
          expect(retried.error.code).toBe(ErrorCode.Unavailable);
          expect(attempt).toBeLessThan(50);
        }
      }
    }
    expect(refusedUnvalidated).toBeGreaterThan(0);
    const stored = await listAllMessages(client, bob.accessToken, conversationId);
    expect(stored.map((m) => m.body).sort()).toEqual([...wanted.values()].sort());
  });
});
