import type { SearchResponse } from '@parley/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsers, openConversation, postMessages, type TestUser } from './support/factories';
import { ApiClient } from './support/http';
import { syncPage } from './support/sync';
import { startServer, type TestServer } from './support/server';

/** The gauge's value in Prometheus's text format. */
function waitingIn(text: string): number {
  const line = text.split('\n').find((l) => l.startsWith('parley_heavy_reads_waiting '));
  if (line === undefined) throw new Error('no parley_heavy_reads_waiting in /metrics');
  return Number(line.split(' ')[1]);
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
    const scrape = await fetch(`${server.url}/metrics`);
    const waitingMeanwhile = waitingIn(await scrape.text());

    for (const page of await Promise.all(syncs)) expect(page).toEqual(alone);
    for (const res of await Promise.all(searches)) expect(res.body).toEqual(searchAlone.body);
    // The scrape was answered while heavy reads still waited for their turn.
    expect(waitingMeanwhile).toBeGreaterThan(0);
    expect(waitingIn(await (await fetch(`${server.url}/metrics`)).text())).toBe(0);
  });
});
