import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Limits, PresenceStatus, SocketEvent, type Conversation, type Page, type User } from '@parley/contract';
import { expectAckError, expectHealthy } from './support/expectations';
import { createUser, createUsers, openConversation, postMessage, type TestUser } from './support/factories';
import { currentCursor, drainSync } from './support/sync';
import { ApiClient } from './support/http';
import { followPresence, nextPresence, presencePushes, reportStatus, sleep, subscribePresence } from './support/presence';
import { closeAllSockets, connectSocket, emitRaw, type ClientSocket } from './support/socket';
import { databaseKinds, startServer, type TestServer } from './support/server';

/** The documented bounds (README): online within 1 s, offline after a grace of at least 2 s and within 10 s. */
const ONLINE_WITHIN_MS = 1_000;
const GRACE_AT_LEAST_MS = 2_000;
const OFFLINE_WITHIN_MS = 10_000;

describe.each(databaseKinds)('presence on one process (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let watcher: TestUser;
  let watching: ClientSocket;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    watcher = await createUser(client);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await server?.dispose();
  });

  const watch = async (...users: TestUser[]) => {
    watching = await connectSocket(server.url, watcher.accessToken);
    return followPresence(watching, users.map((u) => u.user.id));
  };

  it('answers a subscription with the presence now: online with a status, offline never seen, unknown ids offline', async () => {
    const [here, never] = await createUsers(client, 2, 'pres');
    await watch(here);
    await connectSocket(server.url, here.accessToken);
    await nextPresence(watching, here.user.id);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const answer = await followPresence(watching, [here.user.id, never.user.id, unknown]);
    expect(answer.get(here.user.id)).toEqual({ userId: here.user.id, online: true, lastSeenAt: null, status: PresenceStatus.Active });
    expect(answer.get(never.user.id)).toEqual({ userId: never.user.id, online: false, lastSeenAt: null });
    expect(answer.get(unknown)).toEqual({ userId: unknown, online: false, lastSeenAt: null });
  });

  it('pushes online within 1 s of the first socket, and offline after the grace (within 10 s) with lastSeenAt', async () => {
    const [bob] = await createUsers(client, 1, 'pres');
    await watch(bob);
    const started = Date.now();
    const socket = await connectSocket(server.url, bob.accessToken);
    const online = await nextPresence(watching, bob.user.id);
    expect(Date.now() - started).toBeLessThan(ONLINE_WITHIN_MS);
    expect(online).toEqual({ userId: bob.user.id, online: true, lastSeenAt: null, status: PresenceStatus.Active });

    // A second socket of an online user changes nothing.
    const second = await connectSocket(server.url, bob.accessToken);
    second.close();
    const closedAt = Date.now();
    socket.close();
    const offline = await nextPresence(watching, bob.user.id, () => true, OFFLINE_WITHIN_MS + 2_000);
    const took = Date.now() - closedAt;
    expect(took).toBeGreaterThanOrEqual(GRACE_AT_LEAST_MS);
    expect(took).toBeLessThan(OFFLINE_WITHIN_MS);
    expect(offline).toEqual({ userId: bob.user.id, online: false, lastSeenAt: expect.any(String) });
    const seen = Date.parse(offline.lastSeenAt!);
    expect(seen).toBeGreaterThanOrEqual(closedAt - 1_000);
    expect(seen).toBeLessThanOrEqual(closedAt + 1_000);
    expect(presencePushes(watching, bob.user.id)).toHaveLength(2);
    // Recorded: a fresh subscription and the directory say the same.
    const again = await followPresence(await connectSocket(server.url, watcher.accessToken), [bob.user.id]);
    expect(again.get(bob.user.id)).toEqual(offline);
  });

  it('a reload (disconnect and reconnect inside the grace) pushes nothing at all', async () => {
    const [carol] = await createUsers(client, 1, 'pres');
    await watch(carol);
    const first = await connectSocket(server.url, carol.accessToken);
    await nextPresence(watching, carol.user.id, (p) => p.online);
    first.close();
    await sleep(500);
    await connectSocket(server.url, carol.accessToken);
    await sleep(OFFLINE_WITHIN_MS / 2);
    expect(presencePushes(watching, carol.user.id), 'only the first online').toHaveLength(1);
    const now = await followPresence(watching, [carol.user.id]);
    expect(now.get(carol.user.id)).toMatchObject({ online: true, lastSeenAt: null });
  });

  it('a new subscription replaces the previous one', async () => {
    const [dave, erin] = await createUsers(client, 2, 'pres');
    await watch(dave, erin);
    await followPresence(watching, [erin.user.id]);
    await connectSocket(server.url, dave.accessToken);
    await connectSocket(server.url, erin.accessToken);
    // Emitted in this order by the one process: once erin's push is here, dave's would have been too.
    await nextPresence(watching, erin.user.id);
    expect(presencePushes(watching, dave.user.id)).toEqual([]);
  });

  it('is away only when every socket is away, and shows it to subscribers and in responses', async () => {
    const [fay] = await createUsers(client, 1, 'pres');
    await watch(fay);
    const tab1 = await connectSocket(server.url, fay.accessToken);
    const tab2 = await connectSocket(server.url, fay.accessToken);
    await nextPresence(watching, fay.user.id, (p) => p.online);
    reportStatus(tab1, PresenceStatus.Away);
    reportStatus(tab2, PresenceStatus.Away);
    expect(await nextPresence(watching, fay.user.id)).toEqual({ userId: fay.user.id, online: true, lastSeenAt: null, status: PresenceStatus.Away });
    const listed = await client.api<Page<User>>(`/api/users?q=${fay.user.username}`, { token: watcher.accessToken });
    expect(listed.body.items).toEqual([{ ...fay.user, online: true, lastSeenAt: null, status: PresenceStatus.Away }]);
    reportStatus(tab2, PresenceStatus.Active);
    expect(await nextPresence(watching, fay.user.id)).toMatchObject({ online: true, status: PresenceStatus.Active });
    // One away tab among active ones changes nothing; a new tab makes an away user active.
    reportStatus(tab1, PresenceStatus.Away);
    reportStatus(tab2, PresenceStatus.Away);
    expect(await nextPresence(watching, fay.user.id)).toMatchObject({ status: PresenceStatus.Away });
    await connectSocket(server.url, fay.accessToken);
    expect(await nextPresence(watching, fay.user.id)).toMatchObject({ status: PresenceStatus.Active });
    expect(presencePushes(watching, fay.user.id).map((p) => p.status)).toEqual(['active', 'away', 'active', 'away', 'active']);
  });

  it('GET /api/users, /api/users/me, conversation members and sync carry online and lastSeenAt', async () => {
    const [gus, hal] = await createUsers(client, 2, 'pres');
    const conversation = await openConversation(client, gus, hal);
    const since = await currentCursor(client, hal);
    expect(conversation.members.every((m) => m.online === false && m.lastSeenAt === null)).toBe(true);
    await watch(gus);
    await connectSocket(server.url, gus.accessToken);
    await nextPresence(watching, gus.user.id);
    const me = await client.api<User>('/api/users/me', { token: gus.accessToken });
    expect(me.body).toEqual({ ...gus.user, online: true, lastSeenAt: null, status: PresenceStatus.Active });
    const members = (await client.api<Conversation>(`/api/conversations/${conversation.id}`, { token: hal.accessToken })).body.members;
    expect(members.find((m) => m.id === gus.user.id)).toMatchObject({ online: true, lastSeenAt: null, status: PresenceStatus.Active });
    expect(members.find((m) => m.id === hal.user.id)).toEqual({ ...hal.user, online: false, lastSeenAt: null });
    const list = await client.api<Page<Conversation>>('/api/conversations', { token: hal.accessToken });
    expect(list.body.items[0].members.find((m) => m.id === gus.user.id)).toMatchObject({ online: true });
    const hals = await client.api<Page<User>>(`/api/users?q=${hal.user.username}`, { token: gus.accessToken });
    expect(hals.body.items).toEqual([{ ...hal.user, online: false, lastSeenAt: null }]);
    await postMessage(client, hal, conversation.id);
    const synced = await drainSync(client, hal, since);
    expect(synced.conversations.get(conversation.id)?.members.find((m) => m.id === gus.user.id)).toMatchObject({ online: true, lastSeenAt: null });
  });

  it('refuses bad subscriptions with VALIDATION_FAILED naming userIds, and drops bad status reports', async () => {
    const socket = await connectSocket(server.url, watcher.accessToken);
    for (const payload of [{ userIds: 'x' }, { userIds: [1, 2] }, { userIds: Array.from({ length: Limits.presenceSubscribeMax + 1 }, (_, i) => `u${i}`) }, { userIds: [null] }, {}]) {
      expectAckError(await emitRaw(socket, SocketEvent.PresenceSubscribe, [payload], true), ErrorCode.ValidationFailed, ['userIds']);
    }
    expectAckError(await emitRaw(socket, SocketEvent.PresenceSubscribe, ['nope'], true), ErrorCode.ValidationFailed, ['body']);
    expectAckError(await emitRaw(socket, SocketEvent.PresenceSubscribe, [null], true), ErrorCode.ValidationFailed);
    for (const payload of [{ status: 'asleep' }, 'away', null, {}, { status: 'away', extra: 1 }]) {
      await emitRaw(socket, SocketEvent.PresenceStatus, [payload], false);
    }
    expect((await subscribePresence(socket, [])).ok).toBe(true);
    const me = await client.api<User>('/api/users/me', { token: watcher.accessToken });
    expect(me.body).toMatchObject({ online: true, status: PresenceStatus.Active });
    expect(socket.connected).toBe(true);
    await expectHealthy(server);
  });

  it('lastSeenAt survives a restart of the server', async () => {
    const [ivy] = await createUsers(client, 1, 'pres');
    await watch(ivy);
    const socket = await connectSocket(server.url, ivy.accessToken);
    await nextPresence(watching, ivy.user.id);
    socket.close();
    const offline = await nextPresence(watching, ivy.user.id, (p) => !p.online, OFFLINE_WITHIN_MS + 2_000);
    closeAllSockets();
    await server.restart();
    const listed = await client.api<Page<User>>(`/api/users?q=${ivy.user.username}`, { token: watcher.accessToken });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.items).toEqual([{ ...ivy.user, online: false, lastSeenAt: offline.lastSeenAt }]);
    const answer = await followPresence(await connectSocket(server.url, watcher.accessToken), [ivy.user.id]);
    expect(answer.get(ivy.user.id)).toEqual(offline);
  });
});
