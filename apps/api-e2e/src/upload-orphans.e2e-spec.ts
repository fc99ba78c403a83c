import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@parley/contract';
import { ApiClient } from './support/http';
import { databaseKinds, startServer, type TestServer } from './support/server';
import { createUser, openConversation } from './support/factories';
import { expectApiError } from './support/expectations';
import { expectStatus } from './support/message-actions';
import { download, sendWithFiles, uploadOk } from './support/uploads';

const ORPHAN_TTL_MS = 1_500;

describe.each(databaseKinds)('uploads never attached are deleted after UPLOAD_ORPHAN_TTL_MS (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startServer({ database, env: { UPLOAD_ORPHAN_TTL_MS: String(ORPHAN_TTL_MS), UPLOAD_SWEEP_INTERVAL_MS: '250' } });
    client = new ApiClient(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('the orphan goes (row, link, bytes); the attached one stays', async () => {
    const [alice, bob] = [await createUser(client), await createUser(client)];
    const conversation = await openConversation(client, alice, bob);
    const orphan = await uploadOk(client, alice, randomBytes(100), { name: 'forgotten.bin' });
    const kept = await uploadOk(client, alice, randomBytes(100), { name: 'sent.bin' });
    expectStatus(await sendWithFiles(client, alice, conversation.id, [kept.id]), 201);
    const deadline = Date.now() + 15_000;
    while ((await download(client, orphan.url)).status !== 404 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await download(client, orphan.url)).status).toBe(404);
    expect(existsSync(join(server.dataDir, 'uploads', orphan.id))).toBe(false);
    expectApiError(await client.api(`/api/uploads/${orphan.id}`, { token: alice.accessToken }), 404, ErrorCode.NotFound);
    expectApiError(await sendWithFiles(client, alice, conversation.id, [orphan.id]), 400, ErrorCode.ValidationFailed, ['attachmentIds.0']);
    await new Promise((r) => setTimeout(r, ORPHAN_TTL_MS));
    expect((await download(client, kept.url)).status).toBe(200);
    expect(existsSync(join(server.dataDir, 'uploads', kept.id))).toBe(true);
  });
});
