import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Limits, type Page, type User } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, createUsers, uniqueTag, type TestUser } from './support/factories';
import { listAllUsers } from './support/queries';

describe.each(databaseKinds)('users list and search (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let tag: string;
  /** `${tag}_…` users: the searcher (also matching the prefix, to prove self is excluded) and the others. */
  let searcher: TestUser;
  let others: TestUser[];

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    tag = uniqueTag();
    searcher = await createUser(client, { username: `${tag}_me` });
    others = await createUsers(client, 7, tag);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('lists other users only, ordered by username, as {items, nextCursor}', async () => {
    const res = await client.api<Page<User>>('/api/users', { token: searcher.accessToken });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ items: expect.any(Array), nextCursor: null });
    const ids = res.body.items.map((u) => u.id);
    expect(ids).not.toContain(searcher.user.id);
    for (const o of others) expect(ids).toContain(o.user.id);
    const names = res.body.items.map((u) => u.username);
    expect(names).toEqual([...names].sort());
    for (const u of res.body.items) expect(Object.keys(u).sort()).toEqual(['createdAt', 'displayName', 'id', 'lastSeenAt', 'online', 'username']);
  });

  it('searches by a case-insensitive prefix of the username', async () => {
    const res = await client.api<Page<User>>(`/api/users?q=${tag.toUpperCase()}`, { token: searcher.accessToken });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.map((u) => u.id).sort()).toEqual(others.map((o) => o.user.id).sort());
  });

  it('searches by a case-insensitive prefix of the display name', async () => {
    const displayTag = uniqueTag();
    const named = await createUser(client, { displayName: `${displayTag.toUpperCase()} Grace Hopper` });
    const res = await client.api<Page<User>>(`/api/users?q=${displayTag}`, { token: searcher.accessToken });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.map((u) => u.id)).toEqual([named.user.id]);
  });

  it('matches any part of a username, from three characters on', async () => {
    const res = await client.api<Page<User>>(`/api/users?q=${tag.slice(2)}`, { token: searcher.accessToken });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.map((u) => u.id).sort()).toEqual(others.map((o) => o.user.id).sort());
    // Shorter than a trigram: only the start of a name matches.
    const short = await client.api<Page<User>>(`/api/users?q=${tag.slice(2, 4)}`, { token: searcher.accessToken });
    expect(short.body.items.filter((u) => u.username.startsWith(tag))).toEqual([]);
  });

  it('matches any word of a display name, in any case ("Anderson", "Tester")', async () => {
    const surname = `${uniqueTag(6)}anderson`;
    const named = await createUser(client, { displayName: `Ann ${surname.toUpperCase()} Tester` });
    for (const q of [surname, surname.slice(3), 'ann ' + surname.slice(0, 4)]) {
      const res = await client.api<Page<User>>(`/api/users?q=${encodeURIComponent(q)}`, { token: searcher.accessToken });
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.map((u) => u.id), `q=${q}`).toEqual([named.user.id]);
    }
  });

  it('treats LIKE wildcards in q literally', async () => {
    for (const q of ['%', '_', `${tag}%`, `${tag.slice(0, 3)}_`]) {
      const res = await client.api<Page<User>>(`/api/users?q=${encodeURIComponent(q)}`, { token: searcher.accessToken });
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.filter((u) => u.username.startsWith(tag)), `q=${q}`).toEqual([]);
    }
  });

  it('pages through a search with nextCursor: every user exactly once, in order', async () => {
    const pages: User[][] = [];
    let cursor: string | null = null;
    do {
      const qs = new URLSearchParams({ q: tag, limit: '2' });
      if (cursor) qs.set('cursor', cursor);
      const res: Awaited<ReturnType<typeof client.api<Page<User>>>> = await client.api<Page<User>>(`/api/users?${qs}`, { token: searcher.accessToken });
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      pages.push(res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 20);
    expect(pages.length).toBe(4);
    const names = pages.flat().map((u) => u.username);
    expect(names).toEqual(others.map((o) => o.user.username).sort());
  });

  it('pages through everyone without q: every other user exactly once', async () => {
    const all = await listAllUsers(client, searcher.accessToken, { limit: '3' });
    const ids = all.map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(searcher.user.id);
    for (const o of others) expect(ids).toContain(o.user.id);
    const names = all.map((u) => u.username);
    expect(names).toEqual([...names].sort());
  });

  it('accepts limit up to the maximum', async () => {
    const res = await client.api<Page<User>>(`/api/users?limit=${Limits.usersPageMax}`, { token: searcher.accessToken });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(Limits.usersPageMax);
  });
});
