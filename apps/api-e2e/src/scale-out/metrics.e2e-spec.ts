import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsers, openConversation, postMessages, type TestUser } from '../support/factories';
import { ApiClient } from '../support/http';
import { sample } from '../support/metrics';
import { freePort } from '../support/ports';
import { closeAllSockets, connectSocket, sendMessage } from '../support/socket';
import { syncPage } from '../support/sync';
import { startServer, type TestServer } from '../support/server';
import { noRedis, redisForTests } from './support/redis';

const redis = await redisForTests();
if (!redis) noRedis('Prometheus metrics');
afterAll(async () => {
  await redis?.dispose();
});

/** What a port answers at /metrics when metrics are not served there: anything but Prometheus's text (the web client's page, or a 404). */
async function expectNoMetrics(url: string): Promise<void> {
  const res = await fetch(url);
  expect(res.headers.get('content-type') ?? '').not.toContain('text/plain');
  expect(await res.text()).not.toContain('parley_messages_acknowledged_total');
}

async function scrape(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

describe('Prometheus metrics', () => {
  it('are off by default', async () => {
    const server = await startServer({ database: 'sqlite' });
    try {
      await expectNoMetrics(`${server.url}/metrics`);
    } finally {
      await server.dispose();
    }
  });

  describe.skipIf(!redis)('with METRICS=true, one process with Redis', () => {
    let server: TestServer;
    let client: ApiClient;
    let alice: TestUser;
    let bob: TestUser;

    beforeAll(async () => {
      server = await startServer({ database: 'sqlite', env: { METRICS: 'true', REDIS_URL: redis!.url } });
      client = new ApiClient(server);
      [alice, bob] = await createUsers(client, 2, 'metrics');
    });
    afterAll(async () => {
      closeAllSockets();
      await server?.dispose();
    });

    it('count acknowledged sends and time them, the write batches, sockets, REST routes and dependencies', async () => {
      const before = await scrape(`${server.url}/metrics`);
      expect(sample(before, 'parley_messages_acknowledged_total')).toBe(0);
      expect(sample(before, 'parley_sockets_connected')).toBe(0);

      const conversation = await openConversation(client, alice, bob);
      await postMessages(client, alice, conversation.id, 3);
      const socket = await connectSocket(server.url, bob.accessToken);
      for (const n of [1, 2]) {
        const ack = await sendMessage(socket, { conversationId: conversation.id, body: `socket ${n}`, clientMessageId: `metrics-s${n}` });
        expect(ack.ok).toBe(true);
      }
      await syncPage(client, alice);
      await client.api(`/api/conversations/${conversation.id}/messages?limit=10`, { token: alice.accessToken });
      await client.api('/api/no-such-route', { token: alice.accessToken });

      const after = await scrape(`${server.url}/metrics`);
      expect(sample(after, 'parley_messages_acknowledged_total')).toBe(5);
      expect(sample(after, 'parley_message_ack_seconds_count')).toBe(5);
      expect(sample(after, 'parley_message_ack_seconds_sum')).toBeGreaterThan(0);
      // Sequential sends: one per transaction.
      expect(sample(after, 'parley_write_batch_size_count')).toBe(5);
      expect(sample(after, 'parley_write_batch_size_sum')).toBe(5);
      expect(sample(after, 'parley_sockets_connected')).toBe(1);
      expect(sample(after, 'parley_dependency_up{dependency="database"}')).toBe(1);
      expect(sample(after, 'parley_dependency_up{dependency="redis"}')).toBe(1);
      // Sync and history latency are their routes' series; an unknown path is the catch-all's series, not its own.
      expect(sample(after, 'parley_http_request_duration_seconds_count{method="GET",route="/api/sync",status="200"}')).toBe(1);
      expect(sample(after, 'parley_http_request_duration_seconds_count{method="GET",route="/api/conversations/:id/messages",status="200"}')).toBe(1);
      expect(sample(after, 'parley_http_request_duration_seconds_count{method="GET",route="/api/{*path}",status="404"}')).toBe(1);
      expect(after).not.toContain('no-such-route');
      expect(sample(after, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    });
  });

  it('with METRICS_PORT, are served on that port only', async () => {
    const port = await freePort();
    const server = await startServer({ database: 'sqlite', env: { METRICS_PORT: String(port) } });
    try {
      const text = await scrape(`http://127.0.0.1:${port}/metrics`);
      expect(sample(text, 'parley_messages_acknowledged_total')).toBe(0);
      expect(sample(text, 'parley_dependency_up{dependency="database"}')).toBe(1);
      expect(text).not.toContain('dependency="redis"');
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
      await expectNoMetrics(`${server.url}/metrics`);
    } finally {
      await server.dispose();
    }
  });

  it('refuse a METRICS_PORT that is no port, naming it', async () => {
    const server = await startServer({ database: 'sqlite', env: { METRICS_PORT: '70000' } }).catch((error: Error) => error);
    expect(server).toBeInstanceOf(Error);
    expect(String(server)).toContain('METRICS_PORT must be a whole number from 1 to 65535');
  });
});
