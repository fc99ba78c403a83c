import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Limits, type Conversation } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, type TestServer } from './support/server';
import { createUser, type TestUser } from './support/factories';
import { addMembers, createGroup, getConversation, removeMember, renameGroup } from './support/groups';
import { expectApiError } from './support/expectations';
import { listAllConversations } from './support/queries';

/**
 * The group size and title limits at their exact boundaries. SQLite only: the rule lives in the
 * service, not in the database, and the boundary needs Limits.groupMembersMax + 1 real accounts
 * (unknown ids would be refused for being unknown, which proves nothing about the limit).
 */
describe('group limits at their boundaries (sqlite)', () => {
  let server: TestServer;
  let client: ApiClient;
  let creator: TestUser;
  /** groupMembersMax others: one more than fits next to the creator. */
  let others: TestUser[];

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite' });
    client = new ApiClient(server);
    creator = await createUser(client);
    others = [];
    // Small batches: argon2 is CPU-bound and the machine is shared.
    while (others.length < Limits.groupMembersMax) {
      const batch = Math.min(8, Limits.groupMembersMax - others.length);
      others.push(...(await Promise.all(Array.from({ length: batch }, () => createUser(client)))));
    }
  }, 300_000);
  afterAll(async () => {
    await server?.dispose();
  });

  const ids = (users: TestUser[]) => users.map((u) => u.user.id);

  it(`a group of ${Limits.groupMembersMax + 1} is refused (400 memberIds) and nothing is created`, async () => {
    const res = await client.api('/api/conversations', { token: creator.accessToken, body: { memberIds: ids(others), title: 'too big' } });
    expectApiError(res, 400, ErrorCode.ValidationFailed, ['memberIds']);
    expect(await listAllConversations(client, creator.accessToken)).toEqual([]);
  });

  let group: Conversation;
  it(`a group of exactly ${Limits.groupMembersMax} is created`, async () => {
    group = await createGroup(client, creator, others.slice(0, Limits.groupMembersMax - 1), 'full house');
    expect(group.members).toHaveLength(Limits.groupMembersMax);
    expect(group.readState).toHaveLength(Limits.groupMembersMax);
  });

  it('adding one more to a full group is refused (400 userIds); after one leaves there is room again', async () => {
    const last = others[others.length - 1];
    const res = await client.api(`/api/conversations/${group.id}/members`, { token: creator.accessToken, body: { userIds: [last.user.id] } });
    expectApiError(res, 400, ErrorCode.ValidationFailed, ['userIds']);
    const unchanged = await getConversation(client, creator, group.id);
    expect(unchanged.members).toHaveLength(Limits.groupMembersMax);
    expect(unchanged.lastSeq).toBe(group.lastSeq);

    await removeMember(client, creator, group.id, others[0].user.id);
    const full = await addMembers(client, creator, group.id, [last]);
    expect(full.members).toHaveLength(Limits.groupMembersMax);
    expect(full.members.map((m) => m.id)).toContain(last.user.id);
  });

  it(`a title of exactly ${Limits.groupTitleMax} characters (surrounding whitespace not counted) is accepted, trimmed`, async () => {
    const title = 'T'.repeat(Limits.groupTitleMax);
    const created = await createGroup(client, creator, others.slice(0, 2), `  ${title}\n`);
    expect(created.title).toBe(title);
    const renamed = await renameGroup(client, creator, created.id, ` ${'R'.repeat(Limits.groupTitleMax)} `);
    expect(renamed.title).toBe('R'.repeat(Limits.groupTitleMax));
    const unicode = await renameGroup(client, creator, created.id, 'Ünïcödé 👋🏽 שלום');
    expect(unicode.title).toBe('Ünïcödé 👋🏽 שלום');
  });
});
