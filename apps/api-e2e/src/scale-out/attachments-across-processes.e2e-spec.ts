import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { SocketEvent } from '@parley/contract';
import { ApiClient } from '../support/http';
import { databaseKinds } from '../support/server';
import { createUser, openConversation } from '../support/factories';
import { ActionsApi, expectStatus } from '../support/message-actions';
import { closeAllSockets, connectSocket, waitForEvent } from '../support/socket';
import { download, makePng, sendWithFiles, uploadOk } from '../support/uploads';
import { startCluster, type Cluster } from './support/cluster';
import { noRedis, redisForTests } from './support/redis';
import { startTestS3, type TestS3 } from './support/s3';

const redis = await redisForTests();
if (!redis) noRedis('attachments across processes (scale-out)');
afterAll(async () => {
  await redis?.dispose();
});

/** Two API processes share one database, one Redis and one S3-compatible bucket (s3rver): a file uploaded to one is served by the other. */
describe.skipIf(!redis).each(databaseKinds)('attachments across two API processes on one %s database, one Redis and one S3 bucket', (database) => {
  let s3: TestS3;
  let cluster: Cluster;

  beforeAll(async () => {
    s3 = await startTestS3();
    cluster = await startCluster({ size: 2, database, redisUrl: redis!.url, env: s3.env });
  });
  afterAll(async () => {
    closeAllSockets();
    await cluster?.dispose();
    await s3?.close();
  });

  it('uploaded on A, sent on B, heard live on A, served by either; deleted on A, its bytes leave the bucket', async () => {
    const [a, b] = cluster.servers;
    const [onA, onB] = [new ApiClient(a), new ApiClient(b)];
    const [alice, bob] = [await createUser(onA), await createUser(onB)];
    const conversation = await openConversation(onB, alice, bob);
    const bobOnA = await connectSocket(a.url, bob.accessToken);
    const png = await makePng(900, 300);
    const image = await uploadOk(onA, alice, png, { name: 'wide.png' });
    // Stored in the bucket, not on A's disk.
    expect(await s3.has(image.id)).toBe(true);
    expect(existsSync(join(a.dataDir, 'uploads', image.id))).toBe(false);

    const message = expectStatus(await sendWithFiles(onB, alice, conversation.id, [image.id], { body: 'look' }), 201);
    expect(message.attachments).toEqual([image]);
    expect(await waitForEvent(bobOnA, SocketEvent.MessageNew, (m) => m.id === message.id, 20_000)).toEqual(message);
    for (const client of [onA, onB]) {
      expect((await download(client, image.url)).bytes.equals(png)).toBe(true);
      const thumbnail = await download(client, image.thumbnailUrl!);
      expect((await sharp(thumbnail.bytes).metadata()).width).toBe(480);
      const part = await download(client, image.url, { range: 'bytes=0-7' });
      expect(part.status).toBe(206);
      expect(part.bytes.equals(png.subarray(0, 8))).toBe(true);
    }

    expect((await new ActionsApi(onA).remove(alice, conversation.id, message.id)).status).toBe(204);
    const tombstone = await waitForEvent(bobOnA, SocketEvent.MessageUpdated, (m) => m.id === message.id, 20_000);
    expect(tombstone.attachments).toEqual([]);
    expect((await download(onB, image.url)).status).toBe(404);
    expect(await s3.has(image.id)).toBe(false);
    expect(await s3.has(`${image.id}.thumb`)).toBe(false);
  });

  it('attachments survive restarting both processes', async () => {
    const [a, b] = cluster.servers;
    const [onA, onB] = [new ApiClient(a), new ApiClient(b)];
    const [alice, bob] = [await createUser(onA), await createUser(onB)];
    const conversation = await openConversation(onA, alice, bob);
    const bytes = randomBytes(100_000);
    const file = await uploadOk(onB, alice, bytes, { name: 'kept.bin' });
    const message = expectStatus(await sendWithFiles(onA, alice, conversation.id, [file.id]), 201);
    await a.restart();
    await b.restart();
    const page = await onA.api<{ items: typeof message[] }>(`/api/conversations/${conversation.id}/messages`, { token: bob.accessToken });
    const after = page.body.items.find((m) => m.id === message.id)!;
    expect(after).toEqual(message);
    expect((await download(onB, after.attachments[0].url)).bytes.equals(bytes)).toBe(true);
  });
});
