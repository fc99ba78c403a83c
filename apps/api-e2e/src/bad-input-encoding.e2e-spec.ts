import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, SocketEvent, type ErrorCode as Code } from '@parley/contract';
import { expectAckError, expectHealthy } from './support/expectations';
import { createUser, newClientMessageId, openConversation, type TestUser } from './support/factories';
import { ApiClient, type ApiResponse } from './support/http';
import { snapshotOf } from './support/queries';
import { startServer, type TestServer } from './support/server';
import { closeAllSockets, connectSocket, emitRawPacket, sendMessage, type ClientSocket } from './support/socket';

const deepJson = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Inputs that used to end in an unhandled 500 with a stack trace, before anyone logged in. */
describe('deep nesting, bodies that lie about their encoding, lone surrogates', () => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;
  let socket: ClientSocket;

  const jsonRoutes = (): Array<{ path: string; token?: string }> => [
    { path: '/api/auth/signup' },
    { path: '/api/auth/login' },
    { path: '/api/auth/refresh' },
    { path: '/api/auth/logout' },
    { path: '/api/auth/password', token: alice.accessToken },
    { path: '/api/conversations', token: alice.accessToken },
    { path: `/api/conversations/${conversationId}/messages`, token: alice.accessToken },
  ];

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite', env: { LOG_LEVEL: 'info' } });
    client = new ApiClient(server);
    alice = await createUser(client);
    bob = await createUser(client);
    conversationId = (await openConversation(client, alice, bob)).id;
    socket = await connectSocket(server.url, alice.accessToken);
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  function expectClientError(res: ApiResponse, statuses: number[], codes: Code[], what: string): void {
    expect(statuses, `${what}: ${res.status} ${res.text.slice(0, 300)}`).toContain(res.status);
    expect(codes, `${what}: ${res.text.slice(0, 300)}`).toContain((res.body as { code?: Code }).code);
  }

  it('a JSON body nested 5 000 levels deep (objects or arrays) is 400 VALIDATION_FAILED on every JSON route, with or without a token', async () => {
    const before = await snapshotOf(client, [alice, bob]);
    for (const route of jsonRoutes()) {
      for (const rawBody of [deepJson(5_000), deepArray(5_000), `{"body":${deepArray(5_000)},"clientMessageId":"x"}`]) {
        for (const token of [route.token, undefined]) {
          const res = await client.api(route.path, { method: 'POST', rawBody, token });
          expect(res.status, `${route.path}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
          if (res.status !== 401) expectClientError(res, [400], [ErrorCode.ValidationFailed], route.path);
        }
      }
    }
    expect(await snapshotOf(client, [alice, bob])).toEqual(before);
  });

  it('a body that is not what its Content-Encoding says is 400 MALFORMED_JSON on every route; an unknown encoding 415', async () => {
    for (const route of jsonRoutes()) {
      for (const encoding of ['gzip', 'deflate', 'br']) {
        const res = await client.api(route.path, { method: 'POST', rawBody: '{"not":"compressed"}', token: route.token, headers: { 'content-encoding': encoding } });
        expectClientError(res, [400], [ErrorCode.MalformedJson], `${route.path} ${encoding}`);
      }
      const unknown = await client.api(route.path, { method: 'POST', rawBody: '{}', token: route.token, headers: { 'content-encoding': 'x-unknown' } });
      expectClientError(unknown, [415], [ErrorCode.ValidationFailed], `${route.path} x-unknown`);
    }
  });

  it('a real gzip body still works', async () => {
    const body = gzipSync(JSON.stringify({ body: 'compressed hello', clientMessageId: newClientMessageId() }));
    const res = await fetch(`${server.url}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.accessToken}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body,
    });
    expect(res.status, await res.clone().text()).toBe(201);
  });

  it('a socket payload nested 5 000 levels deep gets VALIDATION_FAILED, the socket stays up', async () => {
    expectAckError(await emitRawPacket(socket, SocketEvent.MessageSend, deepJson(5_000)), ErrorCode.ValidationFailed);
    expectAckError(
      await emitRawPacket(socket, SocketEvent.MessageSend, `{"conversationId":"${conversationId}","body":${deepArray(5_000)},"clientMessageId":"x"}`),
      ErrorCode.ValidationFailed,
    );
    expect(await emitRawPacket(socket, SocketEvent.AuthRenew, deepJson(5_000))).toMatchObject({ ok: false });
    expect(await emitRawPacket(socket, 'no:such:event', deepArray(5_000)).catch(() => 'unanswered')).toBeDefined();
    expect(socket.connected).toBe(true);
    expect((await sendMessage(socket, { conversationId, body: 'still fine', clientMessageId: newClientMessageId() })).ok).toBe(true);
  });

  it('a lone UTF-16 surrogate is refused alike on REST and the socket (never stored as U+FFFD)', async () => {
    const before = await snapshotOf(client, [alice, bob]);
    for (const body of ['broken \uD83D here', 'low \uDE00 alone', 'ends high \uD83D']) {
      const res = await client.api(`/api/conversations/${conversationId}/messages`, { token: alice.accessToken, body: { body, clientMessageId: newClientMessageId() } });
      expectClientError(res, [400], [ErrorCode.ValidationFailed], 'REST');
      expectAckError(await sendMessage(socket, { conversationId, body, clientMessageId: newClientMessageId() }), ErrorCode.ValidationFailed, ['body']);
    }
    expect(await snapshotOf(client, [alice, bob])).toEqual(before);
    const pair = await sendMessage(socket, { conversationId, body: 'a proper pair \uD83D\uDE00', clientMessageId: newClientMessageId() });
    expect(pair.ok && pair.message.body).toBe('a proper pair \uD83D\uDE00');
  });

  it('logged no unhandled error and is still the same healthy process', async () => {
    await expectHealthy(server);
    expect(server.logs()).not.toMatch(/Unhandled|RangeError|"level":50/);
  });
});
