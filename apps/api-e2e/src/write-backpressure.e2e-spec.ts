import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, newClientMessageId, openConversation, type TestUser } from './support/factories';
import { ApiClient } from './support/http';
import { listAllMessages } from './support/queries';
import { databaseKinds, startServer, type TestServer } from './support/server';
import { closeAllSockets, connectSocket, sendMessage, sendReadMarker } from './support/socket';

/**
 * Both members send ROUND_SIZE at once, ROUNDS times. Sends read from one socket in one go all pass
 * the guard before the first reaches the queue, and SQLite's writer empties the queue every turn of
 * the event loop; so the queue is behind when one socket is read after another in the same turn.
 */
const ROUNDS = 15;
const ROUND_SIZE = 5;

async function sendsHeld(server: TestServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('parley_socket_sends_held_total '));
  return Number(line?.split(' ')[1]);
}

/**
 * Backpressure past saturation, made to happen at once: with WRITE_BACKPRESSURE_AT=1, every send
 * taken while another one waits for the database stops its socket being read until it is answered.
 * Nothing the held socket sent may be lost, refused or reordered by that.
 */
describe.each(databaseKinds)('write backpressure (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;

  beforeAll(async () => {
    server = await startServer({ database, env: { WRITE_BACKPRESSURE_AT: '1', METRICS: 'true' } });
    client = new ApiClient(server);
    [alice, bob] = [await createUser(client), await createUser(client)];
    conversationId = (await openConversation(client, alice, bob)).id;
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  it('sends taken while others wait hold their socket; every one is stored once and in its socket’s order, and later events are answered', async () => {
    const before = await sendsHeld(server);
    expect(before).toBe(0);
    const sockets = [await connectSocket(server.url, alice.accessToken), await connectSocket(server.url, bob.accessToken)];
    const bodies: string[] = [];
    const sent = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [who, socket] of sockets.entries()) {
        for (let i = 0; i < ROUND_SIZE; i++) {
          const body = `held ${round}.${who}.${i}`;
          bodies.push(body);
          sent.push(sendMessage(socket, { conversationId, body, clientMessageId: newClientMessageId() }));
        }
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Emitted behind the sends: it waits in TCP while its socket is held, and is answered after.
    const marker = sendReadMarker(sockets[1], { conversationId, seq: 1 });
    const answered = await Promise.all(sent);
    expect(answered.filter((a) => !a.ok)).toEqual([]);
    expect((await marker).ok).toBe(true);
    // Every send stored once; each socket's in the order it sent them.
    const stored = (await listAllMessages(client, bob.accessToken, conversationId)).map((m) => m.body);
    expect([...stored].sort()).toEqual([...bodies].sort());
    for (const who of [0, 1]) {
      const mine = (list: string[]) => list.filter((b) => b.split(' ')[1].split('.')[1] === String(who));
      expect(mine(stored)).toEqual(mine(bodies));
    }
    expect(await sendsHeld(server)).toBeGreaterThan(0);
  });

  it('a socket is read again once its sends are answered', async () => {
    const socket = await connectSocket(server.url, bob.accessToken);
    for (let i = 0; i < 3; i++) {
      const ack = await sendMessage(socket, { conversationId, body: `after ${i}`, clientMessageId: newClientMessageId() }, 5_000);
      expect(ack.ok).toBe(true);
    }
  });
});
