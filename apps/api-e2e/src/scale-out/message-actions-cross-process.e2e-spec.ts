import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SocketEvent, type User } from '@parley/contract';
import { ApiClient } from '../support/http';
import { databaseKinds } from '../support/server';
import { createUser, openConversation, postMessage, uniqueTag } from '../support/factories';
import { ActionsApi, expectStatus } from '../support/message-actions';
import { closeAllSockets, connectSocket, waitForEvent } from '../support/socket';
import { startCluster, type Cluster } from './support/cluster';
import { noRedis, redisForTests } from './support/redis';

const redis = await redisForTests();
if (!redis) noRedis('message actions across processes (scale-out)');
afterAll(async () => {
  await redis?.dispose();
});

/** The change happens on one process, the member who must hear of it is connected to the other. */
describe.skipIf(!redis).each(databaseKinds)('message actions across two API processes on one %s database and one Redis', (database) => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({ size: 2, database, redisUrl: redis!.url });
  });
  afterAll(async () => {
    closeAllSockets();
    await cluster?.dispose();
  });

  it('edits, reactions, deletions and a new display name made on B reach a socket on A; A’s search sees B’s writes', async () => {
    const [a, b] = cluster.servers;
    const [onA, onB] = [new ApiClient(a), new ApiClient(b)];
    const [apiA, apiB] = [new ActionsApi(onA), new ActionsApi(onB)];
    const [alice, bob] = [await createUser(onA), await createUser(onB)];
    const conversation = await openConversation(onB, bob, alice);
    const aliceOnA = await connectSocket(a.url, alice.accessToken);
    const tag = uniqueTag();
    const message = await postMessage(onB, bob, conversation.id, `cross process ${tag}`);

    const edited = expectStatus(await apiB.edit(bob, conversation.id, message.id, `edited across ${tag}`), 200);
    expect(await waitForEvent(aliceOnA, SocketEvent.MessageUpdated, (m) => m.version === edited.version, 20_000)).toEqual(edited);
    expect(expectStatus(await apiA.search(alice, { q: `across ${tag}` }), 200).items.map((h) => h.message.id)).toEqual([message.id]);

    const reacted = expectStatus(await apiB.react(bob, conversation.id, message.id, '🚀'), 200);
    expect(await waitForEvent(aliceOnA, SocketEvent.MessageUpdated, (m) => m.version === reacted.version, 20_000)).toEqual(reacted);

    expect((await apiB.remove(bob, conversation.id, message.id)).status).toBe(204);
    const tombstone = await waitForEvent(aliceOnA, SocketEvent.MessageUpdated, (m) => m.deletedAt !== null, 20_000);
    expect(tombstone).toMatchObject({ id: message.id, body: '', reactions: [] });
    expect(expectStatus(await apiA.search(alice, { q: tag }), 200).items).toEqual([]);

    const renamed = expectStatus(await onB.api<User>('/api/users/me', { method: 'PATCH', token: bob.accessToken, body: { displayName: 'Bob on B' } }), 200);
    expect(await waitForEvent(aliceOnA, SocketEvent.UserUpdated, (e) => e.user.id === bob.user.id, 20_000)).toEqual({ user: renamed });
  });
});
