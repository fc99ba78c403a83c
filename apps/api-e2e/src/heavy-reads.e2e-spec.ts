import type { SearchResponse } from '@parley/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsers, openConversation, postMessages, type TestUser } from './support/factories';
import { ApiClient } from './support/http';
import { sample } from './support/metrics';
import { syncPage } from './support/sync';
import { startServer, type TestServer } from './support/server';

/** The gauge's value from a scrape of /metrics (undefined if it is missing). */
async function waitingIn(url: string): Promise<number | undefined> {
  return sample(await (await fetch(`${url}/metrics`)).text(), 'parley_heavy_reads_waiting');
}

/**
 * Sync pages and searches take turns (HEAVY_READS_AT_ONCE=1 here): every one queued is answered in
 * full, exactly as it would be alone, while a cheap request goes past the queue.
 */
describe('heavy reads take turns', () => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite', env: { METRICS: 'true', HEAVY_READS_AT_ONCE: '1' } });
    client = new ApiClient(server);
    [alice, bob] = await createUsers(client, 2, 'heavy');
    const conversation = await openConversation(client, alice, bob);
    await postMessages(client, alice, conversation.id, 40, 'heavy turn');
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('answers every queued sync and search in full, and a cheap request while they wait', async () => {
    const alone = await syncPage(client, bob, '0', 500);
    expect(alone.messages).toHaveLength(40);
    const searchAlone = await client.api<SearchResponse>('/api/search?q=turn', { token: bob.accessToken });
    expect(searchAlone.status).toBe(200);

    // Scrapes one after another for as long as the heavy reads are out: one scrape sent just after them
    // could be answered after all of them on a busy machine (seen in CI), and would prove nothing.
    let heavyOut = true;
    const scrapes = (async () => {
      const seen: number[] = [];
      while (heavyOut) seen.push((await waitingIn(server.url)) ?? -1);
      return seen;
    })();
    const syncs = Array.from({ length: 30 }, () => syncPage(client, bob, '0', 500));
    const searches = Array.from({ length: 10 }, () => client.api<SearchResponse>('/api/search?q=turn', { token: bob.accessToken }));

    const [pages, results] = await Promise.all([Promise.all(syncs), Promise.all(searches)]).finally(() => (heavyOut = false));
    for (const page of pages) expect(page).toEqual(alone);
    for (const res of results) expect(res.body).toEqual(searchAlone.body);
    // A scrape was answered while heavy reads still waited for their turn.
    expect(Math.max(...(await scrapes))).toBeGreaterThan(0);
    expect(await waitingIn(server.url)).toBe(0);
  });
});
