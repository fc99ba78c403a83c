import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { MessagePage } from '@parley/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, openConversation, postMessage, type TestUser } from './support/factories';
import { ApiClient } from './support/http';
import { startServer, type TestServer } from './support/server';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as sent, before any decoding. */
  bytes: Buffer;
}

/** A GET that keeps the bytes as they came (fetch would decode them and hide what was sent). */
function rawGet(server: TestServer, path: string, headers: Record<string, string>, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The body as the client reads it. */
const decode = (answer: RawAnswer) =>
  answer.headers['content-encoding'] === 'br' ? brotliDecompressSync(answer.bytes)
    : answer.headers['content-encoding'] === 'gzip' ? gunzipSync(answer.bytes)
      : answer.bytes;

/**
 * JSON answers are compressed whole: below 32 KB on the event loop, above it on libuv's pool. Either
 * way the client gets what it accepts, with a length that is the bytes sent and a body that decodes
 * to the same JSON as the uncompressed answer.
 */
describe('compressed API answers', () => {
  let server: TestServer;
  let alice: TestUser;
  let conversationId: string;

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite' });
    const client = new ApiClient(server);
    alice = await createUser(client);
    const bob = await createUser(client);
    conversationId = (await openConversation(client, alice, bob)).id;
    // 30 messages of 3,000 characters: a page of 5 is about 15 KB, a page of 30 about 90 KB.
    for (let i = 0; i < 30; i++) await postMessage(client, alice, conversationId, `${i} ${'compressible text '.repeat(166)}`);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const page = (limit: number, acceptEncoding: string) =>
    rawGet(server, `/api/conversations/${conversationId}/messages?limit=${limit}`, { authorization: `Bearer ${alice.accessToken}`, 'accept-encoding': acceptEncoding });

  it.each([
    [5, 'on the event loop'],
    [30, 'on the pool'],
  ])('a page of %i (compressed %s) comes as brotli, gzip or plain as asked, each the same JSON', async (limit) => {
    const plain = await page(limit, 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const expected = JSON.parse(plain.bytes.toString('utf8')) as MessagePage;
    expect(expected.items).toHaveLength(limit);
    expect(plain.bytes.length).toBeGreaterThan(limit === 5 ? 10_000 : 40_000);
    for (const [accept, encoding] of [['gzip, deflate, br, zstd', 'br'], ['br', 'br'], ['gzip, deflate', 'gzip'], ['br;q=0, gzip', 'gzip'], ['*', 'br'], ['identity', undefined], ['', undefined]] as const) {
      const answer = await page(limit, accept);
      expect(answer.status, accept).toBe(200);
      expect(answer.headers['content-encoding'], accept).toBe(encoding);
      expect(answer.headers['content-type'], accept).toBe('application/json; charset=utf-8');
      expect(answer.headers['vary'], accept).toMatch(/Accept-Encoding/i);
      expect(Number(answer.headers['content-length']), accept).toBe(answer.bytes.length);
      if (encoding) expect(answer.bytes.length, accept).toBeLessThan(plain.bytes.length / 4);
      expect(JSON.parse(decode(answer).toString('utf8')), accept).toEqual(expected);
    }
  });

  it('a small answer and an error answer stay plain JSON; HEAD sends no body', async () => {
    const health = await rawGet(server, '/api/health', { 'accept-encoding': 'br, gzip' });
    expect(health.status).toBe(200);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.bytes.toString('utf8'))).toMatchObject({ status: 'ok' });

    const missing = await rawGet(server, `/api/conversations/${conversationId}/messages?limit=nope`, { authorization: `Bearer ${alice.accessToken}`, 'accept-encoding': 'br, gzip' });
    expect(missing.status).toBe(400);
    expect(missing.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(decode(missing).toString('utf8'))).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });

    const head = await rawGet(server, `/api/conversations/${conversationId}/messages?limit=30`, { authorization: `Bearer ${alice.accessToken}`, 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.bytes.length).toBe(0);
  });

  it('an answer that is not JSON (the OpenAPI page) is still compressed, by the stream', async () => {
    const docs = await rawGet(server, '/api/docs', { 'accept-encoding': 'gzip' });
    expect(docs.status).toBe(200);
    expect(docs.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(docs.bytes).toString('utf8')).toMatch(/<html/i);
  });
});
