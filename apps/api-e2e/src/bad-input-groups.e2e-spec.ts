import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ErrorCode, Limits, type Conversation } from '@parley/contract';
import { ApiClient, type RequestOptions } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, openConversation, postMessage, type TestUser } from './support/factories';
import { createGroup } from './support/groups';
import { expectApiError, expectHealthy } from './support/expectations';
import { snapshotOf } from './support/queries';
import { currentCursor, syncPage } from './support/sync';

type Case = [string, () => unknown, string[]];

/**
 * Every new group and read-state route refuses bad input with 400 naming the field, and
 * non-members with 404; after each refusal the change stream has not moved, and at the end
 * everything the four users can read is as it was.
 */
describe.each(databaseKinds)('bad input on the group and read-state routes (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let a: TestUser, b: TestUser, c: TestUser, outsider: TestUser;
  let group: Conversation;
  let direct: Conversation;
  let snapshot: unknown;
  let cursor: string;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    [a, b, c, outsider] = [await createUser(client), await createUser(client), await createUser(client), await createUser(client)];
    group = await createGroup(client, a, [b, c], 'the group');
    await postMessage(client, b, group.id, 'one message');
    direct = await openConversation(client, a, b);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  // After each case one sync proves the server's stream position did not move (every stored change
  // takes a position, whoever it is for), which also names the case that stored something; the full
  // snapshot of what every user can read is taken once and compared by the last test of the file.
  beforeAll(async () => {
    snapshot = await snapshotOf(client, [a, b, c, outsider]);
    cursor = await currentCursor(client, a);
  });
  afterEach(async () => {
    await expectHealthy(server);
    const page = await syncPage(client, a, cursor);
    const before = cursor;
    cursor = page.cursor; // so one stored change fails its own case, not every later one
    expect(page, 'nothing was written: the stream position did not move').toEqual({
      messages: [],
      conversations: [],
      removedConversationIds: [],
      cursor: before,
      hasMore: false,
    });
  });

  const call = (user: TestUser, path: string, opts: RequestOptions = {}) => client.api(path, { token: user.accessToken, ...opts });
  const conv = (id = group.id) => `/api/conversations/${id}`;
  const ids = (...users: TestUser[]) => users.map((u) => u.user.id);
  const title = 'valid title';

  const createCases: Case[] = [
    ['two others and no title', () => ({ memberIds: ids(b, c) }), ['title']],
    ['an empty title', () => ({ memberIds: ids(b, c), title: '' }), ['title']],
    ['a blank title', () => ({ memberIds: ids(b, c), title: ' \n\t ' }), ['title']],
    [`a title of ${Limits.groupTitleMax + 1} chars`, () => ({ memberIds: ids(b, c), title: 't'.repeat(Limits.groupTitleMax + 1) }), ['title']],
    ['a number title', () => ({ memberIds: ids(b, c), title: 42 }), ['title']],
    ['a null title', () => ({ memberIds: ids(b, c), title: null }), ['title']],
    ['an array title', () => ({ memberIds: ids(b, c), title: [title] }), ['title']],
    ['a NUL character in the title', () => ({ memberIds: ids(b, c), title: 'nul\u0000title' }), ['title']],
    ['no other members', () => ({ memberIds: [], title }), ['memberIds']],
    ['one other member (too few for a group)', () => ({ memberIds: ids(c), title }), ['memberIds']],
    ['a duplicate member', () => ({ memberIds: ids(b, b), title }), ['memberIds']],
    ['a duplicate among three', () => ({ memberIds: ids(b, c, b), title }), ['memberIds']],
    ['yourself among the members', () => ({ memberIds: ids(a, b), title }), ['memberIds']],
    ['yourself and two others', () => ({ memberIds: ids(a, b, c), title }), ['memberIds']],
    ['yourself in upper case', () => ({ memberIds: [a.user.id.toUpperCase(), b.user.id], title }), ['memberIds']],
    ['the same member in two cases', () => ({ memberIds: [b.user.id, b.user.id.toUpperCase()], title }), ['memberIds']],
    ['an unknown user', () => ({ memberIds: [...ids(b), randomUUID()], title }), ['memberIds']],
    ['a non-UUID member', () => ({ memberIds: [...ids(b), 'not-a-uuid'], title }), ['memberIds']],
    ['a number member', () => ({ memberIds: [...ids(b), 7], title }), ['memberIds']],
    ['memberIds a string', () => ({ memberIds: b.user.id, title }), ['memberIds']],
    [`${Limits.groupMembersMax} others (one over the limit)`, () => ({ memberIds: Array.from({ length: Limits.groupMembersMax }, () => randomUUID()), title }), ['memberIds']],
    ['an extra field', () => ({ memberIds: ids(b, c), title, kind: 'group' }), ['kind']],
    ['an extra createdBy', () => ({ memberIds: ids(b, c), title, createdBy: c.user.id }), ['createdBy']],
  ];
  it.each(createCases)('POST /api/conversations (group) with %s -> 400 naming the field', async (_, make, fields) => {
    expectApiError(await call(a, '/api/conversations', { body: make() }), 400, ErrorCode.ValidationFailed, fields);
  });

  const renameCases: Case[] = [
    ['no title', () => ({}), ['title']],
    ['an empty title', () => ({ title: '' }), ['title']],
    ['a blank title', () => ({ title: '   ' }), ['title']],
    [`a title of ${Limits.groupTitleMax + 1} chars`, () => ({ title: 'r'.repeat(Limits.groupTitleMax + 1) }), ['title']],
    ['a number title', () => ({ title: 5 }), ['title']],
    ['a null title', () => ({ title: null }), ['title']],
    ['an object title', () => ({ title: { text: 'x' } }), ['title']],
    ['a NUL character in the title', () => ({ title: 'nul\u0000title' }), ['title']],
    ['an extra field', () => ({ title, members: [] }), ['members']],
  ];
  it.each(renameCases)('PATCH /api/conversations/:id with %s -> 400 naming the field', async (_, make, fields) => {
    expectApiError(await call(b, conv(), { method: 'PATCH', body: make() }), 400, ErrorCode.ValidationFailed, fields);
  });

  const addCases: Case[] = [
    ['no userIds', () => ({}), ['userIds']],
    ['an empty list', () => ({ userIds: [] }), ['userIds']],
    ['userIds a string', () => ({ userIds: outsider.user.id }), ['userIds']],
    ['a non-UUID', () => ({ userIds: ['nope'] }), ['userIds']],
    ['a number', () => ({ userIds: [42] }), ['userIds']],
    ['null in the list', () => ({ userIds: [null] }), ['userIds']],
    ['an unknown user', () => ({ userIds: [randomUUID()] }), ['userIds']],
    ['an unknown user next to a real one', () => ({ userIds: [outsider.user.id, randomUUID()] }), ['userIds']],
    ['a duplicate', () => ({ userIds: ids(outsider, outsider) }), ['userIds']],
    ['the same user in two cases', () => ({ userIds: [outsider.user.id, outsider.user.id.toUpperCase()] }), ['userIds']],
    [`${Limits.groupMembersMax} ids (over the limit)`, () => ({ userIds: Array.from({ length: Limits.groupMembersMax }, () => randomUUID()) }), ['userIds']],
    ['an extra field', () => ({ userIds: ids(outsider), role: 'admin' }), ['role']],
  ];
  it.each(addCases)('POST /api/conversations/:id/members with %s -> 400 naming the field', async (_, make, fields) => {
    expectApiError(await call(b, `${conv()}/members`, { body: make() }), 400, ErrorCode.ValidationFailed, fields);
  });

  it('adding a member who is already in, spelt in upper case, stores nothing (200 unchanged or 400 userIds)', async () => {
    const res = await call(b, `${conv()}/members`, { body: { userIds: [c.user.id.toUpperCase()] } });
    if (res.status === 400) expectApiError(res, 400, ErrorCode.ValidationFailed, ['userIds']);
    else expect(res.status, res.text).toBe(200);
  });

  const readCases: Case[] = [
    ['no seq', () => ({}), ['seq']],
    ['a negative seq', () => ({ seq: -1 }), ['seq']],
    ['a fractional seq', () => ({ seq: 1.5 }), ['seq']],
    ['a string seq', () => ({ seq: '1' }), ['seq']],
    ['a null seq', () => ({ seq: null }), ['seq']],
    ['a seq beyond lastSeq', () => ({ seq: group.lastSeq + 100 }), ['seq']],
    ['a huge seq', () => ({ seq: Number.MAX_SAFE_INTEGER }), ['seq']],
    ['an extra field', () => ({ seq: 1, userId: c.user.id }), ['userId']],
  ];
  it.each(readCases)('POST /api/conversations/:id/read with %s -> 400 naming the field', async (_, make, fields) => {
    expectApiError(await call(c, `${conv()}/read`, { body: make() }), 400, ErrorCode.ValidationFailed, fields);
  });

  /** Every new route for one conversation id, as a member would call it. */
  const routes = (id: string, member = c): Array<[string, RequestOptions]> => [
    [conv(id), { method: 'PATCH', body: { title } }],
    [`${conv(id)}/members`, { body: { userIds: ids(outsider) } }],
    [`${conv(id)}/members/${member.user.id}`, { method: 'DELETE' }],
    [`${conv(id)}/read`, { body: { seq: 0 } }],
  ];

  it.each(['not-a-uuid', '123', `${randomUUID()}x`, "1' OR '1'='1"])('a non-UUID conversation id %j -> 400 naming id on every new route', async (id) => {
    for (const [path, opts] of routes(encodeURIComponent(id))) expectApiError(await call(a, path, opts), 400, ErrorCode.ValidationFailed, ['id']);
  });

  it.each(['not-a-uuid', '42', `${randomUUID()}x`])('DELETE members/%j (a non-UUID user id) -> 400 naming userId', async (userId) => {
    expectApiError(await call(a, `${conv()}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' }), 400, ErrorCode.ValidationFailed, ['userId']);
  });

  it('an unknown conversation -> 404 on every new route', async () => {
    for (const [path, opts] of routes(randomUUID())) expectApiError(await call(a, path, opts), 404, ErrorCode.NotFound);
  });

  it('a non-member -> 404 on every new route, even to add or remove themselves; the same answer as for an unknown id', async () => {
    for (const [path, opts] of routes(group.id)) expectApiError(await call(outsider, path, opts), 404, ErrorCode.NotFound);
    expectApiError(await call(outsider, `${conv()}/members`, { body: { userIds: ids(outsider) } }), 404, ErrorCode.NotFound);
    expectApiError(await call(outsider, `${conv()}/members/${outsider.user.id}`, { method: 'DELETE' }), 404, ErrorCode.NotFound);
    const foreign = await call(outsider, conv(), { method: 'PATCH', body: { title } });
    const unknown = await call(outsider, conv(randomUUID()), { method: 'PATCH', body: { title } });
    expect(foreign.body).toEqual(unknown.body);
  });

  it('removing someone who is not a member (or no user at all) -> 404, even for the creator', async () => {
    expectApiError(await call(a, `${conv()}/members/${outsider.user.id}`, { method: 'DELETE' }), 404, ErrorCode.NotFound);
    expectApiError(await call(a, `${conv()}/members/${randomUUID()}`, { method: 'DELETE' }), 404, ErrorCode.NotFound);
  });

  it('a member who is not the creator removing another -> 403 FORBIDDEN', async () => {
    expectApiError(await call(b, `${conv()}/members/${c.user.id}`, { method: 'DELETE' }), 403, ErrorCode.Forbidden);
    expectApiError(await call(c, `${conv()}/members/${a.user.id}`, { method: 'DELETE' }), 403, ErrorCode.Forbidden);
  });

  it('direct conversations refuse the group routes with 409 NOT_A_GROUP; a non-member still gets 404', async () => {
    for (const [path, opts] of routes(direct.id, b).slice(0, 3)) expectApiError(await call(a, path, opts), 409, ErrorCode.NotAGroup);
    for (const [path, opts] of routes(direct.id, b)) expectApiError(await call(outsider, path, opts), 404, ErrorCode.NotFound);
  });

  it('every new route needs a bearer: 401 without one', async () => {
    for (const [path, opts] of routes(group.id)) expectApiError(await client.api(path, opts), 401, ErrorCode.Unauthenticated);
  });

  it('after every refused request above, everything the four users can read is as it was', async () => {
    expect(await snapshotOf(client, [a, b, c, outsider])).toEqual(snapshot);
  });
});
