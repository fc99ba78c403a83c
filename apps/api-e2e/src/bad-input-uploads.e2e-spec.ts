import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { ErrorCode, Limits, UploadField } from '@parley/contract';
import { ApiClient } from './support/http';
import { databaseKinds, startServer, type TestServer } from './support/server';
import { createUser, newClientMessageId, openConversation, type TestUser } from './support/factories';
import { expectAckError, expectApiError } from './support/expectations';
import { expectStatus } from './support/message-actions';
import { listAllMessages } from './support/queries';
import { closeAllSockets, connectSocket, sendMessage } from './support/socket';
import { sendForm, sendWithFiles, upload, uploadOk } from './support/uploads';

describe.each(databaseKinds)('bad input to uploads and to sends with files (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;

  beforeAll(async () => {
    server = await startServer({ database, env: { UPLOADS_PER_MINUTE: '1000' } });
    client = new ApiClient(server);
    [alice, bob] = [await createUser(client), await createUser(client)];
    conversationId = (await openConversation(client, alice, bob)).id;
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await server?.dispose();
  });

  const file = () => new Blob([new Uint8Array(randomBytes(20))], { type: 'application/octet-stream' });

  it('an upload without the file part, with two files, with another field or not multipart at all: 400 naming the field', async () => {
    const onlyText = new FormData();
    onlyText.append('note', 'hi');
    expectApiError(await sendForm(client, alice, onlyText), 400, ErrorCode.ValidationFailed, [UploadField]);
    const empty = new FormData();
    expectApiError(await sendForm(client, alice, empty), 400, ErrorCode.ValidationFailed, [UploadField]);
    const two = new FormData();
    two.append(UploadField, file(), 'a.bin');
    two.append(UploadField, file(), 'b.bin');
    expectApiError(await sendForm(client, alice, two), 400, ErrorCode.ValidationFailed, [UploadField]);
    const extra = new FormData();
    extra.append(UploadField, file(), 'a.bin');
    extra.append('caption', 'x');
    expectApiError(await sendForm(client, alice, extra), 400, ErrorCode.ValidationFailed, [UploadField]);
    expectApiError(await upload(client, alice, randomBytes(10), { field: 'upload' }), 400, ErrorCode.ValidationFailed, ['upload']);
    expectApiError(await client.api('/api/uploads', { token: alice.accessToken, body: { file: 'aGVsbG8=' } }), 400, ErrorCode.ValidationFailed, [UploadField]);
    expectApiError(await client.api('/api/uploads', { token: alice.accessToken, rawBody: 'x', contentType: 'multipart/form-data' }), 400, ErrorCode.ValidationFailed, [UploadField]);
    expectApiError(await client.api('/api/uploads', { token: alice.accessToken, rawBody: '--zz\r\nbroken', contentType: 'multipart/form-data; boundary=zz' }), 400, ErrorCode.ValidationFailed, [UploadField]);
    expectApiError(await sendForm(client, null, extra), 401, ErrorCode.Unauthenticated);
  });

  it('sends with malformed attachmentIds or nothing to say: 400 naming the field, over REST and the socket, and nothing is stored', async () => {
    const tab = await connectSocket(server.url, alice.accessToken);
    const ok = await uploadOk(client, alice, randomBytes(10));
    const before = await listAllMessages(client, alice.accessToken, conversationId);
    const eleven = await Promise.all(Array.from({ length: Limits.attachmentsPerMessageMax + 1 }, () => uploadOk(client, alice, randomBytes(5))));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ attachmentIds: ['not-a-uuid'] }, 'attachmentIds'],
      [{ attachmentIds: eleven.map((u) => u.id) }, 'attachmentIds'],
      [{ attachmentIds: [ok.id, ok.id] }, 'attachmentIds'],
      [{ attachmentIds: [] }, 'attachmentIds'],
      [{ attachmentIds: ok.id }, 'attachmentIds'],
      [{ attachmentIds: [42] }, 'attachmentIds'],
      [{ attachmentIds: null }, 'body'],
      [{}, 'body'],
      [{ body: '   ' }, 'body'],
    ];
    for (const [extra, field] of cases) {
      const body = { body: '', clientMessageId: newClientMessageId(), ...extra };
      expectApiError(await client.api(`/api/conversations/${conversationId}/messages`, { token: alice.accessToken, body }), 400, ErrorCode.ValidationFailed, [field]);
      expectAckError(await sendMessage(tab, { conversationId, ...body } as never), ErrorCode.ValidationFailed, [field]);
    }
    expectAckError(await sendMessage(tab, { conversationId, body: '', clientMessageId: newClientMessageId(), attachmentIds: [randomUUID()] }), ErrorCode.ValidationFailed, ['attachmentIds.0']);
    expect(await listAllMessages(client, alice.accessToken, conversationId)).toEqual(before);
    // Nothing was claimed by any refused send.
    expectStatus(await sendWithFiles(client, alice, conversationId, [ok.id]), 201);
    expectStatus(await sendWithFiles(client, alice, conversationId, eleven.slice(0, Limits.attachmentsPerMessageMax).map((u) => u.id)), 201);
  });

  it("an attachment id of someone else's upload over the socket: 400, the upload stays theirs", async () => {
    const tab = await connectSocket(server.url, alice.accessToken);
    const bobs = await uploadOk(client, bob, randomBytes(10));
    expectAckError(await sendMessage(tab, { conversationId, body: 'mine now', clientMessageId: newClientMessageId(), attachmentIds: [bobs.id] }), ErrorCode.ValidationFailed, ['attachmentIds.0']);
    expectStatus(await sendWithFiles(client, bob, conversationId, [bobs.id]), 201);
  });

  it('never answered any of it with a 5xx', () => {
    expect(server.logs()).not.toMatch(/Unhandled error|"level":50/);
  });
});
