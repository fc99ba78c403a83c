import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ErrorCode, Limits, type Message } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, newClientMessageId, openConversation, postMessages, type TestUser } from './support/factories';
import { expectApiError, expectHealthy } from './support/expectations';
import { listAllMessages, snapshotOf } from './support/queries';

describe.each(databaseKinds)('bad input on the user and chat routes (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let a: TestUser;
  let b: TestUser;
  let conversationId: string;
  let snapshot: unknown;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    a = await createUser(client);
    b = await createUser(client);
    conversationId = (await openConversation(client, a, b)).id;
    await postMessages(client, a, conversationId, 3, 'stored');
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const messagesPath = () => `/api/conversations/${conversationId}/messages`;
  const send = (body: unknown) => client.api<Message>(messagesPath(), { token: a.accessToken, body });
  const sendRaw = (rawBody: string) => client.api(messagesPath(), { token: a.accessToken, method: 'POST', rawBody });

  describe('rejected requests change nothing and the server keeps serving', () => {
    beforeEach(async () => {
      snapshot = await snapshotOf(client, [a, b]);
    });
    afterEach(async () => {
      await expectHealthy(server);
      expect(await snapshotOf(client, [a, b])).toEqual(snapshot);
    });

    const cmid = () => newClientMessageId();
    const messageCases: Array<[string, () => unknown, string[]]> = [
      ['an empty object', () => ({}), ['body', 'clientMessageId']],
      ['no body', () => ({ clientMessageId: cmid() }), ['body']],
      ['no clientMessageId', () => ({ body: 'hi' }), ['clientMessageId']],
      ['an empty body', () => ({ body: '', clientMessageId: cmid() }), ['body']],
      ['a whitespace-only body', () => ({ body: '  \n\t  ', clientMessageId: cmid() }), ['body']],
      ['a body of 4001 chars', () => ({ body: 'x'.repeat(Limits.messageBodyMax + 1), clientMessageId: cmid() }), ['body']],
      ['a number body', () => ({ body: 42, clientMessageId: cmid() }), ['body']],
      ['an array body', () => ({ body: ['hi'], clientMessageId: cmid() }), ['body']],
      ['a null body', () => ({ body: null, clientMessageId: cmid() }), ['body']],
      ['an object body', () => ({ body: { text: 'hi' }, clientMessageId: cmid() }), ['body']],
      ['an empty clientMessageId', () => ({ body: 'hi', clientMessageId: '' }), ['clientMessageId']],
      ['a 65-char clientMessageId', () => ({ body: 'hi', clientMessageId: 'c'.repeat(Limits.clientMessageIdMax + 1) }), ['clientMessageId']],
      ['a clientMessageId with spaces', () => ({ body: 'hi', clientMessageId: 'has space' }), ['clientMessageId']],
      ['a clientMessageId with a slash', () => ({ body: 'hi', clientMessageId: '../x' }), ['clientMessageId']],
      ['a number clientMessageId', () => ({ body: 'hi', clientMessageId: 12345 }), ['clientMessageId']],
      ['a null clientMessageId', () => ({ body: 'hi', clientMessageId: null }), ['clientMessageId']],
      ['an extra seq field', () => ({ body: 'hi', clientMessageId: cmid(), seq: 1 }), ['seq']],
      ['an extra senderId field', () => ({ body: 'hi', clientMessageId: cmid(), senderId: b.user.id }), ['senderId']],
      ['an extra conversationId field', () => ({ body: 'hi', clientMessageId: cmid(), conversationId }), ['conversationId']],
    ];

    it.each(messageCases)('POST message with %s -> 400 naming the field', async (_, make, fields) => {
      expectApiError(await send(make()), 400, ErrorCode.ValidationFailed, fields);
    });

    it.each([
      ['a truncated object', '{"body": "hi", "clientMessageId": '],
      ['plain text', 'hello'],
      ['an unquoted key', '{body: "hi"}'],
    ])('POST message with malformed JSON (%s) -> 400 MALFORMED_JSON', async (_, raw) => {
      expectApiError(await sendRaw(raw), 400, ErrorCode.MalformedJson);
    });

    it.each([
      ['a JSON array', JSON.stringify([{ body: 'hi', clientMessageId: 'array-1' }])],
      ['JSON null', 'null'],
      ['a JSON string', '"hi"'],
    ])('POST message whose JSON is %s -> 400', async (_, raw) => {
      const res = await sendRaw(raw);
      expect(res.status, res.text).toBe(400);
      expect([ErrorCode.ValidationFailed, ErrorCode.MalformedJson]).toContain((res.body as { code: string }).code);
    });

    it('POST message with a JSON body above 64 KiB -> 413 PAYLOAD_TOO_LARGE', async () => {
      const raw = JSON.stringify({ body: 'x'.repeat(70 * 1024), clientMessageId: newClientMessageId() });
      expectApiError(await sendRaw(raw), 413, ErrorCode.PayloadTooLarge);
      expectApiError(
        await client.api('/api/conversations', { token: a.accessToken, method: 'POST', rawBody: JSON.stringify({ memberIds: [b.user.id], pad: 'p'.repeat(70 * 1024) }) }),
        413,
        ErrorCode.PayloadTooLarge,
      );
    });

    const conversationCases: Array<[string, () => unknown, string[]]> = [
      ['an empty object', () => ({}), ['memberIds']],
      ['memberIds a string', () => ({ memberIds: b.user.id }), ['memberIds']],
      ['memberIds null', () => ({ memberIds: null }), ['memberIds']],
      ['memberIds empty', () => ({ memberIds: [] }), ['memberIds']],
      // v2: two or more ids ask for a group, which needs a title; one id with a title is a group too small.
      ['memberIds with two users but no title', () => ({ memberIds: [b.user.id, randomUUID()] }), ['title']],
      ['a title with one other member', () => ({ memberIds: [b.user.id], title: 'x' }), ['memberIds']],
      ['memberIds not UUIDs', () => ({ memberIds: ['not-a-uuid'] }), ['memberIds']],
      ['memberIds numbers', () => ({ memberIds: [42] }), ['memberIds']],
      ['memberIds [null]', () => ({ memberIds: [null] }), ['memberIds']],
      ['memberIds objects', () => ({ memberIds: [{ id: b.user.id }] }), ['memberIds']],
      ['an extra field', () => ({ memberIds: [b.user.id], colour: 'x' }), ['colour']],
    ];

    it.each(conversationCases)('POST conversation with %s -> 400 naming the field', async (_, make, fields) => {
      expectApiError(await client.api('/api/conversations', { token: a.accessToken, body: make() }), 400, ErrorCode.ValidationFailed, fields);
    });

    it('POST conversation with yourself -> 400', async () => {
      expectApiError(await client.api('/api/conversations', { token: a.accessToken, body: { memberIds: [a.user.id] } }), 400, ErrorCode.ValidationFailed);
    });

    it('POST conversation with an unknown user -> 404', async () => {
      expectApiError(await client.api('/api/conversations', { token: a.accessToken, body: { memberIds: [randomUUID()] } }), 404, ErrorCode.NotFound);
    });

    const badIds = ['not-a-uuid', '123', `${randomUUID()}x`, "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g'];
    it.each(badIds)('non-UUID conversation id %j -> 400 VALIDATION_FAILED (field id) on every route', async (id) => {
      const enc = encodeURIComponent(id);
      const token = a.accessToken;
      expectApiError(await client.api(`/api/conversations/${enc}`, { token }), 400, ErrorCode.ValidationFailed, ['id']);
      expectApiError(await client.api(`/api/conversations/${enc}/messages`, { token }), 400, ErrorCode.ValidationFailed, ['id']);
      expectApiError(
        await client.api(`/api/conversations/${enc}/messages`, { token, body: { body: 'hi', clientMessageId: newClientMessageId() } }),
        400,
        ErrorCode.ValidationFailed,
        ['id'],
      );
    });

    it('a well-formed unknown conversation id -> 404 NOT_FOUND on every route', async () => {
      const id = randomUUID();
      const token = a.accessToken;
      expectApiError(await client.api(`/api/conversations/${id}`, { token }), 404, ErrorCode.NotFound);
      expectApiError(await client.api(`/api/conversations/${id}/messages`, { token }), 404, ErrorCode.NotFound);
      expectApiError(await client.api(`/api/conversations/${id}/messages`, { token, body: { body: 'hi', clientMessageId: newClientMessageId() } }), 404, ErrorCode.NotFound);
    });

    it.each([
      ['limit=0', ['limit']],
      ['limit=-1', ['limit']],
      ['limit=abc', ['limit']],
      ['limit=1.5', ['limit']],
      [`limit=${Limits.messagesPageMax + 1}`, ['limit']],
      ['before=-1', ['before']],
      ['before=abc', ['before']],
      ['before=1.5', ['before']],
      ['after=-1', ['after']],
      ['after=xyz', ['after']],
    ])('GET messages with %s -> 400 naming the parameter', async (query, fields) => {
      expectApiError(await client.api(`${messagesPath()}?${query}`, { token: a.accessToken }), 400, ErrorCode.ValidationFailed, fields);
    });

    it.each([
      ['/api/users', 'limit=0', ['limit']],
      ['/api/users', 'limit=abc', ['limit']],
      ['/api/users', `limit=${Limits.usersPageMax + 1}`, ['limit']],
      ['/api/users', `q=${'q'.repeat(Limits.searchQueryMax + 1)}`, ['q']],
      ['/api/conversations', 'limit=0', ['limit']],
      ['/api/conversations', 'limit=abc', ['limit']],
      ['/api/conversations', `limit=${Limits.conversationsPageMax + 1}`, ['limit']],
    ])('GET %s?%s -> 400 naming the parameter', async (path, query, fields) => {
      expectApiError(await client.api(`${path}?${query}`, { token: a.accessToken }), 400, ErrorCode.ValidationFailed, fields);
    });

    it.each([
      ['/api/users?cursor=garbage'],
      ['/api/users?cursor=%00%01'],
      [`/api/users?cursor=${Buffer.from('{"u":1}').toString('base64url')}`],
      ['/api/conversations?cursor=garbage'],
      [`/api/conversations?cursor=${Buffer.from('not json').toString('base64url')}`],
      ['/api/users?limit=5&limit=6'],
      ['/api/users?q=a&q=b'],
      [`/api/conversations/${'x'}/messages?before=1&before=2`],
    ])('GET %s is answered without a 5xx (400 when rejected)', async (path) => {
      const res = await client.api(path, { token: a.accessToken });
      expect(res.status, res.text).toBeLessThan(500);
      if (res.status === 400) expectApiError(res, 400, ErrorCode.ValidationFailed);
    });

    it('every route needs a valid bearer: 401 without one', async () => {
      const id = conversationId;
      for (const [method, path, body] of [
        ['GET', '/api/users', undefined],
        ['GET', '/api/conversations', undefined],
        ['POST', '/api/conversations', { memberIds: [b.user.id] }],
        ['GET', `/api/conversations/${id}`, undefined],
        ['GET', `/api/conversations/${id}/messages`, undefined],
        ['POST', `/api/conversations/${id}/messages`, { body: 'hi', clientMessageId: newClientMessageId() }],
      ] as const) {
        expectApiError(await client.api(path, { method, body }), 401, ErrorCode.Unauthenticated);
      }
    });
  });

  describe('unusual but valid text', () => {
    it('unicode (emoji, RTL, combining marks, newlines) is stored and returned exactly', async () => {
      const body = 'héllo 👋🏽 שלום\nz\u0301 — ok';
      const res = await send({ body, clientMessageId: newClientMessageId() });
      expect(res.status, res.text).toBe(201);
      expect(res.body.body).toBe(body);
      const stored = await listAllMessages(client, b.accessToken, conversationId);
      expect(stored[stored.length - 1]).toEqual(res.body);
    });

    it('a NUL character in a message body, a display name or a search is stored exactly or rejected with 400, never a 5xx', async () => {
      const before = await listAllMessages(client, a.accessToken, conversationId);
      const res = await send({ body: 'nul\u0000byte', clientMessageId: newClientMessageId() });
      expect(res.status, res.text).toBeLessThan(500);
      if (res.status === 201) {
        expect(res.body.body).toBe('nul\u0000byte');
      } else {
        expectApiError(res, 400, ErrorCode.ValidationFailed, ['body']);
        expect(await listAllMessages(client, a.accessToken, conversationId)).toEqual(before);
      }
      const signup = await client.signup({ username: `nul_${newClientMessageId().slice(0, 8)}`, password: 'a-valid-password', displayName: 'nul\u0000name' });
      expect(signup.status, signup.text).toBeLessThan(500);
      if (signup.status !== 201) expectApiError(signup, 400, ErrorCode.ValidationFailed, ['displayName']);
      const search = await client.api(`/api/users?q=${encodeURIComponent('a\u0000')}`, { token: a.accessToken });
      expect(search.status, search.text).toBeLessThan(500);
      await expectHealthy(server);
    });
  });

  describe('boundaries that must be accepted', () => {
    it('a 4000-char body is stored; surrounding whitespace is trimmed and not counted', async () => {
      const exact = await send({ body: 'y'.repeat(Limits.messageBodyMax), clientMessageId: newClientMessageId() });
      expect(exact.status, exact.text).toBe(201);
      expect(exact.body.body).toHaveLength(Limits.messageBodyMax);
      const padded = await send({ body: `  ${'z'.repeat(Limits.messageBodyMax)}\n `, clientMessageId: newClientMessageId() });
      expect(padded.status, padded.text).toBe(201);
      expect(padded.body.body).toBe('z'.repeat(Limits.messageBodyMax));
      const maxId = 'A-b_' + 'c'.repeat(Limits.clientMessageIdMax - 4);
      const longId = await send({ body: 'max id', clientMessageId: maxId });
      expect(longId.status, longId.text).toBe(201);
      const stored = await listAllMessages(client, b.accessToken, conversationId);
      expect(stored.slice(-3)).toEqual([exact.body, padded.body, longId.body]);
    });
  });
});
