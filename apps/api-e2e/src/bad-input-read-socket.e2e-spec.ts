import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ErrorCode, SocketEvent, type Conversation } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, newClientMessageId, postMessages, type TestUser } from './support/factories';
import { createGroup } from './support/groups';
import { expectAckError, expectHealthy } from './support/expectations';
import { snapshotOf } from './support/queries';
import { currentCursor, syncPage } from './support/sync';
import { closeAllSockets, connectSocket, emitRaw, receivedEvents, sendMessage, sendReadMarker, type ClientSocket } from './support/socket';

/** `conversation:read` refuses bad payloads and foreign conversations with an error ack; no marker moves, nobody is told. */
describe.each(databaseKinds)('bad input on conversation:read (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let a: TestUser, b: TestUser, c: TestUser, outsider: TestUser;
  let group: Conversation;
  let socket: ClientSocket;
  let bSocket: ClientSocket;
  let outsiderSocket: ClientSocket;
  let snapshot: unknown;
  let cursor: string;
  let pid: number | undefined;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    pid = server.pid;
    [a, b, c, outsider] = [await createUser(client), await createUser(client), await createUser(client), await createUser(client)];
    group = await createGroup(client, a, [b, c]);
    await postMessages(client, b, group.id, 2, 'unread');
    // c reads from this socket; a's and b's sockets would be told of any marker that moved.
    [socket, bSocket, outsiderSocket] = await Promise.all([c, b, outsider].map((u) => connectSocket(server.url, u.accessToken)));
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  // Per case: the stream (cheap, names the case); once at the end: everything the users can read.
  beforeAll(async () => {
    snapshot = await snapshotOf(client, [a, b, c, outsider]);
    cursor = await currentCursor(client, c);
  });
  afterEach(async () => {
    await expectHealthy(server, pid);
    expect(socket.connected).toBe(true);
    const page = await syncPage(client, c, cursor);
    const before = cursor;
    cursor = page.cursor;
    expect(page).toEqual({ messages: [], conversations: [], removedConversationIds: [], cursor: before, hasMore: false });
    expect(receivedEvents(bSocket, SocketEvent.ConversationRead), 'no marker push reached another member').toEqual([]);
  });

  const valid = () => ({ conversationId: group.id, seq: 1 });

  it.each([
    ['a string', 'read'],
    ['a number', 3],
    ['null', null],
    ['an array', [{ conversationId: randomUUID(), seq: 1 }]],
  ])('a payload that is %s -> VALIDATION_FAILED', async (_, payload) => {
    expectAckError(await emitRaw(socket, SocketEvent.ConversationRead, [payload], true), ErrorCode.ValidationFailed);
  });

  it.each<[string, () => Record<string, unknown>, string[]]>([
    ['an empty object', () => ({}), ['conversationId', 'seq']],
    ['no conversationId', () => ({ seq: 1 }), ['conversationId']],
    ['no seq', () => ({ conversationId: group.id }), ['seq']],
    ['a non-UUID conversationId', () => ({ ...valid(), conversationId: 'not-a-uuid' }), ['conversationId']],
    ['a number conversationId', () => ({ ...valid(), conversationId: 12 }), ['conversationId']],
    ['a string seq', () => ({ ...valid(), seq: '1' }), ['seq']],
    ['a negative seq', () => ({ ...valid(), seq: -1 }), ['seq']],
    ['a fractional seq', () => ({ ...valid(), seq: 0.5 }), ['seq']],
    ['a null seq', () => ({ ...valid(), seq: null }), ['seq']],
    ['a seq beyond lastSeq', () => ({ ...valid(), seq: 4 }), ['seq']],
    ['an extra userId', () => ({ ...valid(), userId: a.user.id }), ['userId']],
  ])('a payload with %s -> VALIDATION_FAILED naming the field', async (_, make, fields) => {
    expectAckError(await emitRaw(socket, SocketEvent.ConversationRead, [make()], true), ErrorCode.ValidationFailed, fields);
  });

  it('an unknown conversation -> NOT_FOUND', async () => {
    expectAckError(await sendReadMarker(socket, { conversationId: randomUUID(), seq: 1 }), ErrorCode.NotFound);
  });

  it('a conversation the caller is not in -> NOT_FOUND, the same answer as for an unknown one', async () => {
    const foreign = await sendReadMarker(outsiderSocket, { conversationId: group.id, seq: 1 });
    expectAckError(foreign, ErrorCode.NotFound);
    const unknown = await sendReadMarker(outsiderSocket, { conversationId: randomUUID(), seq: 1 });
    expect(foreign).toEqual(unknown);
  });

  it('malformed marks without an ack callback neither crash the server nor move a marker; the socket still works', async () => {
    for (const args of [[], [null], [{}], [{ ...valid(), seq: 99 }], [{ conversationId: group.id, seq: -3 }]]) {
      await emitRaw(socket, SocketEvent.ConversationRead, args, false);
    }
    // An acked round trip on the same socket after them: the server has handled everything sent before it.
    expectAckError(await sendMessage(socket, { conversationId: randomUUID(), body: 'x', clientMessageId: newClientMessageId() }), ErrorCode.NotFound);
  });

  it("after every refused mark above, no marker moved: everyone's conversations read as before", async () => {
    expect(await snapshotOf(client, [a, b, c, outsider])).toEqual(snapshot);
  });
});
