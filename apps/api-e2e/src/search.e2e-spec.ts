import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Limits, type Conversation, type SearchHit, type SearchResponse } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, openConversation, postMessage, uniqueTag, type TestUser } from './support/factories';
import { expectApiError } from './support/expectations';
import { ActionsApi, expectStatus } from './support/message-actions';

describe.each(databaseKinds)('GET /api/search (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let api: ActionsApi;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let direct: Conversation;
  let group: Conversation;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    api = new ActionsApi(client);
    [alice, bob, carol] = [await createUser(client), await createUser(client), await createUser(client)];
    direct = await openConversation(client, alice, bob);
    group = expectStatus(await api.createGroup(alice, [bob, carol], 'Search party'), 201);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  async function hits(user: TestUser, q: string, extra: Record<string, string> = {}): Promise<SearchHit[]> {
    return expectStatus(await api.search(user, { q, ...extra }), 200).items;
  }
  const bodies = (items: SearchHit[]) => items.map((h) => h.message.body);

  it('finds whole words, and needs every word', async () => {
    const tag = uniqueTag();
    await postMessage(client, bob, direct.id, `the quick brown fox ${tag}`);
    await postMessage(client, bob, direct.id, `a lazy dog ${tag}`);
    expect(bodies(await hits(alice, `fox ${tag}`))).toEqual([`the quick brown fox ${tag}`]);
    expect(bodies(await hits(alice, `${tag} dog `))).toEqual([`a lazy dog ${tag}`]);
    expect(await hits(alice, `fox dog ${tag}`)).toEqual([]);
  });

  it('finds prefixes: pars* (where a word starts, not inside one) and a bare last word', async () => {
    const tag = uniqueTag();
    await postMessage(client, bob, direct.id, `Parsing is fun ${tag}`);
    await postMessage(client, bob, direct.id, `Parley rocks ${tag}`);
    await postMessage(client, bob, direct.id, `a sparse tree ${tag}`);
    expect(bodies(await hits(alice, `pars* ${tag}`))).toEqual([`Parsing is fun ${tag}`]);
    expect(bodies(await hits(alice, `${tag} parl`))).toEqual([`Parley rocks ${tag}`]);
    expect(bodies(await hits(alice, `${tag} pa`)).sort()).toEqual([`Parley rocks ${tag}`, `Parsing is fun ${tag}`]);
    expect(bodies(await hits(alice, `${tag} pars`)).sort()).toEqual([`Parsing is fun ${tag}`, `a sparse tree ${tag}`]);
  });

  it('finds quoted phrases in order only', async () => {
    const tag = uniqueTag();
    await postMessage(client, bob, direct.id, `meet at the big red door ${tag}`);
    await postMessage(client, bob, direct.id, `the door is big and red ${tag}`);
    expect(bodies(await hits(alice, `"big red door" ${tag}`))).toEqual([`meet at the big red door ${tag}`]);
    expect(bodies(await hits(alice, `${tag} "red door`))).toEqual([`meet at the big red door ${tag}`]);
  });

  it('ignores case and accents both ways', async () => {
    const tag = uniqueTag();
    await postMessage(client, bob, direct.id, `Un Café crème ${tag}`);
    await postMessage(client, bob, direct.id, `NAIVE resume ${tag}`);
    expect(bodies(await hits(alice, `cafe CREME ${tag}`))).toEqual([`Un Café crème ${tag}`]);
    expect(bodies(await hits(alice, `naïve résumé ${tag}`))).toEqual([`NAIVE resume ${tag}`]);
  });

  it('finds substrings of three or more characters', async () => {
    const tag = uniqueTag();
    await postMessage(client, bob, direct.id, `Parley ${tag}`);
    await postMessage(client, bob, direct.id, `unbelievable ${tag}`);
    expect(bodies(await hits(alice, `arle ${tag}`))).toEqual([`Parley ${tag}`]);
    expect(bodies(await hits(alice, `${tag} lieva`))).toEqual([`unbelievable ${tag}`]);
  });

  it('finds Chinese, Japanese and Korean words, two-character ones inside longer runs included', async () => {
    const tag = uniqueTag();
    await postMessage(client, bob, direct.id, `東京タワーに行きました ${tag}`);
    await postMessage(client, bob, direct.id, `北京欢迎你 ${tag}`);
    await postMessage(client, bob, direct.id, `서울에서 만나요 ${tag}`);
    expect(bodies(await hits(alice, `東京 ${tag}`))).toEqual([`東京タワーに行きました ${tag}`]);
    expect(bodies(await hits(alice, `タワー ${tag}`))).toEqual([`東京タワーに行きました ${tag}`]);
    expect(bodies(await hits(alice, `京 ${tag}`)).sort()).toEqual([`北京欢迎你 ${tag}`, `東京タワーに行きました ${tag}`].sort());
    expect(bodies(await hits(alice, `欢迎 ${tag}`))).toEqual([`北京欢迎你 ${tag}`]);
    expect(bodies(await hits(alice, `서울 ${tag}`))).toEqual([`서울에서 만나요 ${tag}`]);
    expect(await hits(alice, `大阪 ${tag}`)).toEqual([]);
    const [hit] = await hits(alice, `東京 ${tag}`);
    expect(hit.snippet).toBe(`<mark>東京</mark>タワーに行きました <mark>${tag}</mark>`);
  });

  it('returns the message, its conversation and an escaped snippet with the hits marked', async () => {
    const tag = uniqueTag();
    const sent = await postMessage(client, bob, direct.id, `<script>alert("x")</script> & café ${tag}`);
    const [hit] = await hits(alice, `cafe ${tag}`);
    expect(hit).toEqual({
      message: sent,
      conversationId: direct.id,
      snippet: `&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>café</mark> <mark>${tag}</mark>`,
    });
  });

  it('pages newest first with nextCursor', async () => {
    const tag = uniqueTag();
    const sent = [];
    for (let i = 1; i <= 5; i++) sent.push(await postMessage(client, bob, direct.id, `page ${i} ${tag}`));
    const seen: string[] = [];
    let before: string | null = null;
    for (let pages = 0; pages < 5; pages++) {
      const page: SearchResponse = expectStatus(await api.search(alice, { q: tag, limit: '2', ...(before ? { before } : {}) }), 200);
      seen.push(...page.items.map((h) => h.message.id));
      before = page.nextCursor;
      if (!before) break;
    }
    expect(seen).toEqual(sent.reverse().map((m) => m.id));
  });

  it('only searches conversations the caller is a member of now', async () => {
    const tag = uniqueTag();
    await postMessage(client, alice, group.id, `group plans ${tag}`);
    await postMessage(client, alice, direct.id, `direct plans ${tag}`);
    expect(bodies(await hits(carol, tag))).toEqual([`group plans ${tag}`]);
    expect(bodies(await hits(alice, tag, { conversationId: group.id }))).toEqual([`group plans ${tag}`]);
    expectApiError(await api.search(carol, { q: tag, conversationId: direct.id }), 404, ErrorCode.NotFound);

    const temp = expectStatus(await api.createGroup(alice, [bob, carol], 'Soon without carol'), 201);
    await postMessage(client, bob, temp.id, `temporary ${tag}`);
    expect(bodies(await hits(carol, `temporary ${tag}`))).toEqual([`temporary ${tag}`]);
    expect((await api.removeMember(alice, temp.id, carol.user.id)).status).toBe(204);
    expect(await hits(carol, `temporary ${tag}`)).toEqual([]);
    expectApiError(await api.search(carol, { q: tag, conversationId: temp.id }), 404, ErrorCode.NotFound);
    expect(bodies(await hits(bob, `temporary ${tag}`))).toEqual([`temporary ${tag}`]);
  });

  it('never returns a deleted message, and finds an edited one by its new text only', async () => {
    const tag = uniqueTag();
    const doomed = await postMessage(client, bob, direct.id, `zebra crossing ${tag}`);
    const edited = await postMessage(client, bob, direct.id, `giraffe neck ${tag}`);
    expect((await api.remove(bob, direct.id, doomed.id)).status).toBe(204);
    expectStatus(await api.edit(bob, direct.id, edited.id, `okapi neck ${tag}`), 200);
    expect(bodies(await hits(alice, tag))).toEqual([`okapi neck ${tag}`]);
    expect(await hits(alice, `zebra ${tag}`)).toEqual([]);
    expect(await hits(alice, `ebra ${tag}`)).toEqual([]);
    expect(await hits(alice, `giraffe ${tag}`)).toEqual([]);
    expect(bodies(await hits(alice, `okap ${tag}`))).toEqual([`okapi neck ${tag}`]);
  });

  it('treats query syntax in the input as text, never as an error', async () => {
    const tag = uniqueTag();
    await postMessage(client, bob, direct.id, `o'neil said: NEAR(a b) OR "x" ${tag}`);
    for (const q of [`NEAR(a ${tag}`, `${tag} OR`, `${tag} o'neil`, `${tag} -x`, `${tag} %_\\`, `^${tag}:* & !`, `"${tag}`]) {
      const res = await api.search(alice, { q });
      expect(res.status, `${q}: ${res.text}`).toBe(200);
    }
    expect(bodies(await hits(alice, `${tag} o'neil`))).toHaveLength(1);
  });

  it.each([
    [{}, 'q'],
    [{ q: '' }, 'q'],
    [{ q: '   ' }, 'q'],
    [{ q: '*** ""' }, 'q'],
    [{ q: 'x'.repeat(Limits.searchTextMax + 1) }, 'q'],
    [{ q: 'a b c d e f g h i' }, 'q'],
    [{ q: 'x', limit: '0' }, 'limit'],
    [{ q: 'x', limit: String(Limits.searchPageMax + 1) }, 'limit'],
    [{ q: 'x', limit: 'abc' }, 'limit'],
    [{ q: 'x', before: 'abc' }, 'before'],
    [{ q: 'x', before: '-1' }, 'before'],
    [{ q: 'x', conversationId: 'nope' }, 'conversationId'],
    [{ q: 'x', extra: '1' }, 'extra'],
  ])('%j -> 400 naming %s', async (params, field) => {
    expectApiError(await api.search(alice, params as Record<string, string>), 400, ErrorCode.ValidationFailed, [field]);
  });

  it('requires a bearer', async () => {
    expectApiError(await client.api('/api/search?q=x'), 401, ErrorCode.Unauthenticated);
  });
});
