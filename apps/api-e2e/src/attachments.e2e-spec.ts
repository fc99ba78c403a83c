import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ErrorCode, SocketEvent, type Attachment, type Conversation, type Message } from '@parley/contract';
import { ApiClient } from './support/http';
import { databaseKinds, startServer, type TestServer } from './support/server';
import { createUser, newClientMessageId, openConversation, type TestUser } from './support/factories';
import { expectApiError } from './support/expectations';
import { ActionsApi, expectStatus } from './support/message-actions';
import { listAllMessages } from './support/queries';
import { closeAllSockets, connectSocket, sendMessage, waitForEvent } from './support/socket';
import { download, makePng, sendWithFiles, uploadOk } from './support/uploads';

describe.each(databaseKinds)('messages with attachments (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let api: ActionsApi;
  let alice: TestUser;
  let bob: TestUser;
  let mallory: TestUser;
  let conversation: Conversation;

  beforeAll(async () => {
    server = await startServer({ database, env: { UPLOADS_PER_MINUTE: '1000' } });
    client = new ApiClient(server);
    api = new ActionsApi(client);
    [alice, bob, mallory] = [await createUser(client), await createUser(client), await createUser(client)];
    conversation = await openConversation(client, alice, bob);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await server?.dispose();
  });

  const stored = async (messageId: string, viewer = bob) => (await listAllMessages(client, viewer.accessToken, conversation.id)).find((m) => m.id === messageId);

  it('a message with an image and a file and no text reaches the other member live, in history, sync and search, and its links work for them', async () => {
    const bobTab = await connectSocket(server.url, bob.accessToken);
    const since = await api.cursorOf(bob);
    const png = await makePng(100, 60);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(500)]);
    const image = await uploadOk(client, alice, png, { name: 'dot.png' });
    const file = await uploadOk(client, alice, pdf, { name: 'notes.pdf' });
    const res = await sendWithFiles(client, alice, conversation.id, [file.id, image.id]);
    const message = expectStatus(res, 201);
    expect(message.body).toBe('');
    expect(message.attachments).toEqual([file, image]);
    expect(await waitForEvent(bobTab, SocketEvent.MessageNew, (m) => m.id === message.id)).toEqual(message);
    expect(await stored(message.id)).toEqual(message);
    expect((await api.syncFrom(bob, since)).messages.get(message.id)).toEqual(message);
    // Links are bearer-free: Bob fetches what Alice sent.
    expect((await download(client, message.attachments[1].url)).bytes.equals(png)).toBe(true);
    expect((await download(client, message.attachments[0].url)).bytes.equals(pdf)).toBe(true);
    // A member gets fresh links; someone outside the conversation does not, not even with the id.
    expect(expectStatus(await client.api<Attachment>(`/api/uploads/${image.id}`, { token: bob.accessToken }), 200)).toEqual(image);
    expectApiError(await client.api(`/api/uploads/${image.id}`, { token: mallory.accessToken }), 404, ErrorCode.NotFound);
  });

  it('search finds a message with files and shows them', async () => {
    const file = await uploadOk(client, alice, randomBytes(40), { name: 'budget.xlsx' });
    const tag = `quarterly${randomBytes(3).toString('hex')}`;
    const message = expectStatus(await sendWithFiles(client, alice, conversation.id, [file.id], { body: `the ${tag} figures` }), 201);
    const hits = expectStatus(await api.search(bob, { q: tag }), 200).items;
    expect(hits.map((h) => h.message)).toEqual([message]);
  });

  it('over the socket too; a repeated clientMessageId returns the stored message with its files, claiming nothing again', async () => {
    const aliceTab = await connectSocket(server.url, alice.accessToken);
    const bobTab = await connectSocket(server.url, bob.accessToken);
    const upload = await uploadOk(client, alice, randomBytes(64), { name: 'a.bin' });
    const clientMessageId = newClientMessageId();
    const ack = await sendMessage(aliceTab, { conversationId: conversation.id, body: 'see file', clientMessageId, attachmentIds: [upload.id] });
    expect(ack.ok).toBe(true);
    const message = (ack as { message: Message }).message;
    expect(message.attachments).toEqual([upload]);
    expect(await waitForEvent(bobTab, SocketEvent.MessageNew, (m) => m.id === message.id)).toEqual(message);
    const again = await sendWithFiles(client, alice, conversation.id, [upload.id], { body: 'see file', clientMessageId });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(message);
  });

  it("refuses someone else's upload, one already attached and an unknown id, naming the field, and changes nothing", async () => {
    const bobs = await uploadOk(client, bob, randomBytes(10));
    const mine = await uploadOk(client, alice, randomBytes(10));
    const used = await uploadOk(client, alice, randomBytes(10));
    expectStatus(await sendWithFiles(client, alice, conversation.id, [used.id]), 201);
    const before = await listAllMessages(client, alice.accessToken, conversation.id);
    expectApiError(await sendWithFiles(client, alice, conversation.id, [mine.id, bobs.id]), 400, ErrorCode.ValidationFailed, ['attachmentIds.1']);
    expectApiError(await sendWithFiles(client, alice, conversation.id, [used.id]), 400, ErrorCode.ValidationFailed, ['attachmentIds.0']);
    expectApiError(await sendWithFiles(client, alice, conversation.id, ['7b0a7d0e-5f55-4a3f-9b7e-0a0a0a0a0a0a']), 400, ErrorCode.ValidationFailed, ['attachmentIds.0']);
    // A non-member gets the conversation's 404, not a hint about the upload.
    const malloryUpload = await uploadOk(client, mallory, randomBytes(10));
    expectApiError(await sendWithFiles(client, mallory, conversation.id, [malloryUpload.id]), 404, ErrorCode.NotFound);
    expect(await listAllMessages(client, alice.accessToken, conversation.id)).toEqual(before);
    // `mine` was not claimed by the refused send: it still attaches.
    expectStatus(await sendWithFiles(client, alice, conversation.id, [mine.id]), 201);
  });

  it('two sends racing for one upload: exactly one gets it', async () => {
    const other = await openConversation(client, alice, mallory);
    for (let round = 0; round < 5; round++) {
      const upload = await uploadOk(client, alice, randomBytes(10));
      const results = await Promise.all([
        sendWithFiles(client, alice, conversation.id, [upload.id]),
        sendWithFiles(client, alice, other.id, [upload.id]),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    }
  });

  it('deleting the message leaves a tombstone without files, and removes the rows, the links and the bytes', async () => {
    const bobTab = await connectSocket(server.url, bob.accessToken);
    const image = await uploadOk(client, alice, await makePng(50, 50), { name: 'gone.png' });
    const message = expectStatus(await sendWithFiles(client, alice, conversation.id, [image.id]), 201);
    const onDisk = join(server.dataDir, 'uploads', image.id);
    expect(existsSync(onDisk)).toBe(true);
    expect(existsSync(`${onDisk}.thumb`)).toBe(true);
    expect((await api.remove(alice, conversation.id, message.id)).status).toBe(204);
    const tombstone = await waitForEvent(bobTab, SocketEvent.MessageUpdated, (m) => m.id === message.id);
    expect(tombstone).toMatchObject({ body: '', deletedAt: expect.any(String), attachments: [] });
    expect(await stored(message.id)).toEqual(tombstone);
    expect((await download(client, image.url)).status).toBe(404);
    expect((await download(client, image.thumbnailUrl!)).status).toBe(404);
    expectApiError(await client.api(`/api/uploads/${image.id}`, { token: alice.accessToken }), 404, ErrorCode.NotFound);
    expect(existsSync(onDisk)).toBe(false);
    expect(existsSync(`${onDisk}.thumb`)).toBe(false);
  });

  it('attachments survive a restart: history shows them and their links still serve the bytes', async () => {
    const bytes = randomBytes(2048);
    const upload = await uploadOk(client, alice, bytes, { name: 'kept.bin' });
    const message = expectStatus(await sendWithFiles(client, alice, conversation.id, [upload.id]), 201);
    await server.restart();
    const after = await stored(message.id);
    expect(after).toEqual(message);
    expect((await download(client, after!.attachments[0].url)).bytes.equals(bytes)).toBe(true);
  });
});
