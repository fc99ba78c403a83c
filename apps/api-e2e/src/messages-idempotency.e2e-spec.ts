import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, MessageKind, type Message } from '@parley/contract';
import { ApiClient, type ApiResponse } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, newClientMessageId, openConversation, type TestUser } from './support/factories';
import { expectApiError } from './support/expectations';
import { createGroup } from './support/groups';
import { listAllMessages } from './support/queries';
import { closeAllSockets, connectSocket, sendMessage } from './support/socket';

describe.each(databaseKinds)('sending: idempotency and seq under concurrency (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await server?.dispose();
  });

  /** Two fresh users and their (empty) direct conversation. */
  async function pair(): Promise<{ a: TestUser; b: TestUser; conversationId: string }> {
    const a = await createUser(client);
    const b = await createUser(client);
    const conversation = await openConversation(client, a, b);
    return { a, b, conversationId: conversation.id };
  }

  function post(user: TestUser, conversationId: string, body: string, clientMessageId: string): Promise<ApiResponse<Message>> {
    return client.api<Message>(`/api/conversations/${conversationId}/messages`, { token: user.accessToken, body: { body, clientMessageId } });
  }

  it('REST: a repeated clientMessageId returns 200 with the stored message and stores nothing new', async () => {
    const { a, conversationId } = await pair();
    const cmid = newClientMessageId();
    const first = await post(a, conversationId, 'once', cmid);
    expect(first.status, first.text).toBe(201);
    const second = await post(a, conversationId, 'once', cmid);
    expect(second.status, second.text).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await listAllMessages(client, a.accessToken, conversationId)).toEqual([first.body]);
  });

  it('socket and REST share idempotency: a repeat over either returns the stored message', async () => {
    const { a, conversationId } = await pair();
    const socket = await connectSocket(server.url, a.accessToken);
    const cmid = newClientMessageId();
    const first = await sendMessage(socket, { conversationId, body: 'via socket', clientMessageId: cmid });
    expect(first.ok, JSON.stringify(first)).toBe(true);
    const again = await sendMessage(socket, { conversationId, body: 'via socket', clientMessageId: cmid });
    expect(again).toEqual(first);
    const overRest = await post(a, conversationId, 'via socket', cmid);
    expect(overRest.status, overRest.text).toBe(200);
    if (first.ok) expect(overRest.body).toEqual(first.message);
    expect(await listAllMessages(client, a.accessToken, conversationId)).toHaveLength(1);
  });

  it('a reused clientMessageId with another body never changes or adds a message', async () => {
    const { a, conversationId } = await pair();
    const cmid = newClientMessageId();
    const first = await post(a, conversationId, 'original', cmid);
    expect(first.status, first.text).toBe(201);
    const reuse = await post(a, conversationId, 'different', cmid);
    // The contract allows either answer: the stored message, or a 409 saying the id was reused.
    if (reuse.status === 200) expect(reuse.body).toEqual(first.body);
    else expectApiError(reuse, 409, ErrorCode.ClientMessageIdReused);
    expect(await listAllMessages(client, a.accessToken, conversationId)).toEqual([first.body]);
  });

  it("a text send reusing a system line's clientMessageId is never answered with the system line", async () => {
    const a = await createUser(client);
    const group = await createGroup(client, a, [await createUser(client), await createUser(client)]);
    const line = group.lastMessage!;
    // The actor of the "created" line sends text under that line's (visible) clientMessageId.
    // System lines' ids are outside the clients' pattern, so the send is refused as input.
    expectApiError(await post(a, group.id, 'my text', line.clientMessageId), 400, ErrorCode.ValidationFailed, ['clientMessageId']);
    const ack = await sendMessage(await connectSocket(server.url, a.accessToken), { conversationId: group.id, body: 'again', clientMessageId: line.clientMessageId });
    expect(ack.ok && ack.message.kind === MessageKind.System, `a text send acked with a system line: ${JSON.stringify(ack)}`).toBe(false);
  });

  it('idempotency is per sender: the other member may use the same clientMessageId', async () => {
    const { a, b, conversationId } = await pair();
    const cmid = newClientMessageId();
    const fromA = await post(a, conversationId, 'from a', cmid);
    const fromB = await post(b, conversationId, 'from b', cmid);
    expect(fromA.status, fromA.text).toBe(201);
    expect(fromB.status, fromB.text).toBe(201);
    expect(fromB.body).toMatchObject({ senderId: b.user.id, body: 'from b', seq: 2 });
    expect(fromB.body.id).not.toBe(fromA.body.id);
  });

  it('a clientMessageId used in one conversation never returns that message in another', async () => {
    const { a, conversationId } = await pair();
    const c = await createUser(client);
    const other = await openConversation(client, a, c);
    const cmid = newClientMessageId();
    expect((await post(a, conversationId, 'first conversation', cmid)).status).toBe(201);
    const res = await post(a, other.id, 'second conversation', cmid);
    if (res.status === 201 || res.status === 200) expect(res.body.conversationId).toBe(other.id);
    else expectApiError(res, 409, ErrorCode.ClientMessageIdReused);
    expect(await listAllMessages(client, a.accessToken, conversationId)).toHaveLength(1);
  });

  it('concurrent REST duplicates store exactly one message (one 201, the rest 200)', async () => {
    const { a, conversationId } = await pair();
    const cmid = newClientMessageId();
    const results = await Promise.all(Array.from({ length: 8 }, () => post(a, conversationId, 'race', cmid)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses, results.map((r) => r.text).join('\n')).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(results.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const stored = await listAllMessages(client, a.accessToken, conversationId);
    expect(stored).toEqual([results[0].body]);
  });

  it('concurrent duplicates over several sockets and REST at once store exactly one message', async () => {
    const { a, conversationId } = await pair();
    const sockets = await Promise.all([1, 2, 3].map(() => connectSocket(server.url, a.accessToken)));
    const cmid = newClientMessageId();
    const payload = { conversationId, body: 'race everywhere', clientMessageId: cmid };
    const [acks, rest] = await Promise.all([
      Promise.all(sockets.flatMap((s) => [sendMessage(s, payload), sendMessage(s, payload)])),
      Promise.all([1, 2, 3].map(() => post(a, conversationId, payload.body, cmid))),
    ]);
    const ids = new Set<string>();
    for (const ack of acks) {
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
      if (ack.ok) ids.add(ack.message.id);
    }
    for (const r of rest) {
      expect([200, 201], r.text).toContain(r.status);
      ids.add(r.body.id);
    }
    expect(ids.size).toBe(1);
    const stored = await listAllMessages(client, a.accessToken, conversationId);
    expect(stored.map((m) => m.id)).toEqual([...ids]);
    expect(stored[0]).toMatchObject({ seq: 1, clientMessageId: cmid, body: 'race everywhere' });
  });

  it('a message the server refuses never takes down other messages sent at the same moment', async () => {
    const { a, conversationId } = await pair();
    const other = await pair();
    const results = await Promise.all([
      // Bodies a database might refuse (NUL) or that fail validation, racing with valid sends of other users.
      post(a, conversationId, 'nul\u0000byte', newClientMessageId()),
      post(a, conversationId, ' ', newClientMessageId()),
      ...Array.from({ length: 8 }, (_, i) => post(other.b, other.conversationId, `innocent ${i}`, newClientMessageId())),
    ]);
    for (const r of results.slice(2)) expect(r.status, r.text).toBe(201);
    const stored = await listAllMessages(client, other.a.accessToken, other.conversationId);
    expect(stored.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('many concurrent senders in one conversation get distinct, gap-free seq 1..N', async () => {
    const { a, b, conversationId } = await pair();
    const sockets = await Promise.all([a, a, a, b, b, b].map((u) => connectSocket(server.url, u.accessToken)));
    const perSocket = 6;
    const perRestUser = 6;
    const sends: Array<Promise<Message>> = [];
    for (const [i, s] of sockets.entries()) {
      for (let k = 0; k < perSocket; k++) {
        sends.push(
          sendMessage(s, { conversationId, body: `socket ${i} #${k}`, clientMessageId: newClientMessageId() }).then((ack) => {
            if (!ack.ok) throw new Error(`send failed: ${JSON.stringify(ack)}`);
            return ack.message;
          }),
        );
      }
    }
    for (const u of [a, b]) {
      for (let k = 0; k < perRestUser; k++) {
        sends.push(
          post(u, conversationId, `rest ${u.user.username} #${k}`, newClientMessageId()).then((r) => {
            if (r.status !== 201) throw new Error(`post failed: ${r.status} ${r.text}`);
            return r.body;
          }),
        );
      }
    }
    const sent = await Promise.all(sends);
    const n = sockets.length * perSocket + 2 * perRestUser;
    expect(sent.map((m) => m.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i + 1));

    const stored = await listAllMessages(client, b.accessToken, conversationId);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const byId = new Map(sent.map((m) => [m.id, m]));
    for (const m of stored) expect(m).toEqual(byId.get(m.id));
  });
});
