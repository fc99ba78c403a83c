import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ErrorCode, Limits, SocketEvent } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, newClientMessageId, openConversation, postMessages, type TestUser } from './support/factories';
import { expectAckError, expectHealthy } from './support/expectations';
import { listAllMessages, snapshotOf } from './support/queries';
import { closeAllSockets, connectSocket, emitRaw, nextDisconnect, sendMessage, waitForEvent, type ClientSocket } from './support/socket';

describe.each(databaseKinds)('bad input on the socket (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let a: TestUser;
  let b: TestUser;
  let conversationId: string;
  let socket: ClientSocket;
  let snapshot: unknown;
  let pid: number | undefined;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    pid = server.pid;
    a = await createUser(client);
    b = await createUser(client);
    conversationId = (await openConversation(client, a, b)).id;
    await postMessages(client, a, conversationId, 2, 'stored');
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  const valid = () => ({ conversationId, body: 'hi', clientMessageId: newClientMessageId() });

  describe('malformed message:send is answered with an error ack and changes nothing', () => {
    beforeAll(async () => {
      socket = await connectSocket(server.url, a.accessToken);
    });
    beforeEach(async () => {
      snapshot = await snapshotOf(client, [a, b]);
    });
    afterEach(async () => {
      await expectHealthy(server, pid);
      expect(socket.connected).toBe(true);
      expect(await snapshotOf(client, [a, b])).toEqual(snapshot);
    });

    it.each([
      ['a string', 'hello'],
      ['a number', 42],
      ['null', null],
      ['an array', [valid()]],
      ['a boolean', true],
    ])('payload that is %s -> VALIDATION_FAILED', async (_, payload) => {
      expectAckError(await emitRaw(socket, SocketEvent.MessageSend, [payload], true), ErrorCode.ValidationFailed);
    });

    const cases: Array<[string, () => Record<string, unknown>, string[]]> = [
      ['an empty object', () => ({}), ['conversationId', 'body', 'clientMessageId']],
      ['no conversationId', () => ({ ...valid(), conversationId: undefined }), ['conversationId']],
      ['no body', () => ({ ...valid(), body: undefined }), ['body']],
      ['no clientMessageId', () => ({ ...valid(), clientMessageId: undefined }), ['clientMessageId']],
      ['a non-UUID conversationId', () => ({ ...valid(), conversationId: 'not-a-uuid' }), ['conversationId']],
      ['a number conversationId', () => ({ ...valid(), conversationId: 7 }), ['conversationId']],
      ['an object conversationId', () => ({ ...valid(), conversationId: { $ne: null } }), ['conversationId']],
      ['an empty body', () => ({ ...valid(), body: '' }), ['body']],
      ['a whitespace-only body', () => ({ ...valid(), body: ' \n\t ' }), ['body']],
      ['a 4001-char body', () => ({ ...valid(), body: 'x'.repeat(Limits.messageBodyMax + 1) }), ['body']],
      ['a number body', () => ({ ...valid(), body: 5 }), ['body']],
      ['a null body', () => ({ ...valid(), body: null }), ['body']],
      ['an array body', () => ({ ...valid(), body: ['hi'] }), ['body']],
      ['an object body', () => ({ ...valid(), body: { t: 'hi' } }), ['body']],
      ['a bad clientMessageId', () => ({ ...valid(), clientMessageId: 'has space' }), ['clientMessageId']],
      ['a 65-char clientMessageId', () => ({ ...valid(), clientMessageId: 'c'.repeat(Limits.clientMessageIdMax + 1) }), ['clientMessageId']],
      ['a number clientMessageId', () => ({ ...valid(), clientMessageId: 99 }), ['clientMessageId']],
      ['an extra senderId', () => ({ ...valid(), senderId: b.user.id }), ['senderId']],
      ['an extra seq', () => ({ ...valid(), seq: 1 }), ['seq']],
      ['a NUL character in the body', () => ({ ...valid(), body: 'nul\u0000byte' }), ['body']],
    ];

    it.each(cases)('payload with %s -> VALIDATION_FAILED naming the field', async (_, make, fields) => {
      expectAckError(await emitRaw(socket, SocketEvent.MessageSend, [make()], true), ErrorCode.ValidationFailed, fields);
    });

    it('an unknown conversation -> NOT_FOUND', async () => {
      expectAckError(await sendMessage(socket, { ...valid(), conversationId: randomUUID() }), ErrorCode.NotFound);
    });

    it('a send with no payload at all -> VALIDATION_FAILED', async () => {
      const ack = await new Promise((resolve) => (socket as unknown as { emit: (e: string, cb: (r: unknown) => void) => void }).emit(SocketEvent.MessageSend, resolve));
      expectAckError(ack, ErrorCode.ValidationFailed);
    });
  });

  describe('without an ack callback, and unknown events', () => {
    it('malformed sends without a callback and unknown events neither crash the server nor store anything', async () => {
      const s = await connectSocket(server.url, a.accessToken);
      const before = await listAllMessages(client, a.accessToken, conversationId);
      for (const args of [[], ['hello'], [null], [{}], [{ ...valid(), body: '' }], [{ ...valid(), conversationId: 'nope' }], [{ ...valid(), conversationId: randomUUID() }]]) {
        await emitRaw(s, SocketEvent.MessageSend, args, false);
      }
      await emitRaw(s, 'no:such:event', [{ x: 1 }], false);
      await emitRaw(s, 'message:new', [{ ...valid(), id: randomUUID(), seq: 1 }], false);

      // The same socket still works: the next valid send is acked and it is the only thing stored since.
      const ack = await sendMessage(s, valid());
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
      await expectHealthy(server, pid);
      const after = await listAllMessages(client, a.accessToken, conversationId);
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.slice(before.length).map((m) => m.id)).toEqual(ack.ok ? [ack.message.id] : []);
    });
  });

  describe('a payload above 64 KiB', () => {
    it('drops that connection only; other sockets and new connections keep working; nothing stored', async () => {
      const victim = await connectSocket(server.url, a.accessToken);
      const otherTab = await connectSocket(server.url, a.accessToken);
      const bobSocket = await connectSocket(server.url, b.accessToken);
      const before = await snapshotOf(client, [a, b]);

      const answer = emitRaw(victim, SocketEvent.MessageSend, [{ ...valid(), body: 'x'.repeat(70 * 1024) }], true).then(
        (ack) => `acked ${JSON.stringify(ack).slice(0, 200)}`,
        (err: Error) => `no ack (${err.message})`,
      );
      const reason = await nextDisconnect(victim).catch(() => undefined);
      expect(reason, `expected the server to drop the connection; instead: ${await answer}`).toBeDefined();
      expect(victim.connected).toBe(false);

      await expectHealthy(server, pid);
      expect(otherTab.connected).toBe(true);
      expect(bobSocket.connected).toBe(true);
      expect(await snapshotOf(client, [a, b])).toEqual(before);

      const fresh = await connectSocket(server.url, a.accessToken);
      const ack = await sendMessage(fresh, valid());
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
      if (!ack.ok) return;
      for (const s of [otherTab, bobSocket, fresh]) {
        expect(await waitForEvent(s, SocketEvent.MessageNew, (m) => m.id === ack.message.id)).toEqual(ack.message);
      }
    });
  });
});
