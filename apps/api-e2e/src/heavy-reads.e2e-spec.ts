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

    const syncs = Array.from({ length: 30 }, () => syncPage(client, bob, '0', 500));
    const searches = Array.from({ length: 10 }, () => client.api<SearchResponse>('/api/search?q=turn', { token: bob.accessToken }));
    const waitingMeanwhile = await waitingIn(server.url);

    for (const page of await Promise.all(syncs)) expect(page).toEqual(alone);
    for (const res of await Promise.all(searches)) expect(res.body).toEqual(searchAlone.body);
    // The scrape was answered while heavy reads still waited for their turn.
    expect(waitingMeanwhile).toBeGreaterThan(0);
    expect(await waitingIn(server.url)).toBe(0);
  });
});
