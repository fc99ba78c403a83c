import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ErrorCode, type ApiErrorBody } from '@parley/contract';
import { ApiClient } from './support/http';
import { databaseKinds, startServer, type TestServer } from './support/server';
import { createUser, openConversation } from './support/factories';
import { expectApiError } from './support/expectations';
import { ActionsApi, expectStatus } from './support/message-actions';
import { sendWithFiles, upload } from './support/uploads';

const QUOTA = 10_000;
const PER_MINUTE = 5;

describe.each(databaseKinds)('upload rate and quota limits (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let api: ActionsApi;

  beforeAll(async () => {
    server = await startServer({ database, env: { UPLOADS_PER_MINUTE: String(PER_MINUTE), UPLOAD_QUOTA_BYTES: String(QUOTA) } });
    client = new ApiClient(server);
    api = new ActionsApi(client);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it(`allows ${PER_MINUTE} uploads a minute per account, then 429 with retryAfterMs and Retry-After; another account is not affected`, async () => {
    const [heavy, other] = [await createUser(client), await createUser(client)];
    for (let i = 0; i < PER_MINUTE; i++) expect((await upload(client, heavy, randomBytes(10))).status).toBe(201);
    const refused = await upload(client, heavy, randomBytes(10));
    expectApiError(refused, 429, ErrorCode.RateLimited);
    expect((refused.body as unknown as ApiErrorBody).retryAfterMs).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await upload(client, other, randomBytes(10))).status).toBe(201);
  });

  it('holds each account to its total: 413 UPLOAD_QUOTA_EXCEEDED with limitBytes, up to the byte; deleting a message with files frees its share', async () => {
    const [alice, bob] = [await createUser(client), await createUser(client)];
    const conversation = await openConversation(client, alice, bob);
    const first = await upload(client, alice, randomBytes(6_000));
    expect(first.status).toBe(201);
    const over = await upload(client, alice, randomBytes(5_000));
    expectApiError(over, 413, ErrorCode.UploadQuotaExceeded);
    expect((over.body as unknown as ApiErrorBody).limitBytes).toBe(QUOTA);
    expect((await upload(client, alice, randomBytes(4_000))).status).toBe(201);
    expectApiError(await upload(client, alice, randomBytes(1)), 413, ErrorCode.UploadQuotaExceeded);
    const message = expectStatus(await sendWithFiles(client, alice, conversation.id, [first.body.id]), 201);
    expect((await api.remove(alice, conversation.id, message.id)).status).toBe(204);
    expect((await upload(client, alice, randomBytes(5_000))).status).toBe(201);
  });

  it('two uploads at once cannot pass the quota together', async () => {
    const carol = await createUser(client);
    const results = await Promise.all([upload(client, carol, randomBytes(6_000)), upload(client, carol, randomBytes(6_000))]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 413]);
    expect(results.find((r) => r.status === 413)?.body).toMatchObject({ code: ErrorCode.UploadQuotaExceeded, limitBytes: QUOTA });
  });

  it('never answered any of it with a 5xx', () => {
    expect(server.logs()).not.toMatch(/Unhandled error|"level":50/);
  });
});
