import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, SocketEvent, type Conversation, type Message, type SendMessageAck } from '@parley/contract';
import { createUser, newClientMessageId, openConversation, uniqueUsername, type TestUser } from '../support/factories';
import { ApiClient } from '../support/http';
import { freePort } from '../support/ports';
import { listAllMessages } from '../support/queries';
import type { ExitInfo, TestServer } from '../support/server';
import { closeAllSockets, connectSocket, nextDisconnect, type ClientSocket } from '../support/socket';
import { startCluster, type Cluster } from './support/cluster';
import { pollUntil } from './support/poll';
import { noRedis, pingRedis, redisForTests } from './support/redis';
import { runApiToExit } from './support/run-to-exit';

describe('Redis unreachable at boot', () => {
  it('the process exits non-zero by itself, naming REDIS_URL, without ever serving', async () => {
    const port = await freePort();
    expect(await pingRedis(port), 'nothing may answer on the port chosen as unreachable').toBe(false);
    const result = await runApiToExit({
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      REDIS_URL: `redis://127.0.0.1:${port}`,
    });
    expect(result.timedOut, `still running after 60 s; output:\n${result.output.slice(-3000)}`).toBe(false);
    expect(result.code, result.output.slice(-3000)).not.toBe(0);
    expect(result.code, result.output.slice(-3000)).not.toBeNull();
    expect(result.output).toMatch(/REDIS_URL/);
    expect(result.output).toMatch(/redis/i);
    expect(result.output).not.toMatch(/listening on/i);
  });
});

describe('REDIS_ADAPTER at boot', () => {
  const boot = async (env: Record<string, string>) =>
    runApiToExit({ NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex'), HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'warn', ...env });

  it('an unknown value stops the boot, naming the variable and the values it takes', async () => {
    const result = await boot({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_ADAPTER: 'shraded' });
    expect(result.code, result.output.slice(-3000)).not.toBe(0);
    expect(result.output).toMatch(/REDIS_ADAPTER must be one of classic, sharded \(got "shraded"\)/);
    expect(result.output).not.toMatch(/listening on/i);
  });

  it('sharded without REDIS_URL stops the boot: one process has nothing to shard', async () => {
    const result = await boot({ REDIS_ADAPTER: 'sharded' });
    expect(result.code, result.output.slice(-3000)).not.toBe(0);
    expect(result.output).toMatch(/REDIS_ADAPTER=sharded needs REDIS_URL/);
  });
});

const redis = await redisForTests();
if (!redis) noRedis('graceful shutdown (scale-out)');
// One Redis for the whole file (a spawned one is stopped once every describe is done).
afterAll(async () => {
  await redis?.dispose();
});

type Outcome = { state: 'pending' } | { state: 'acked'; ack: SendMessageAck } | { state: 'dropped' };

/**
 * SIGTERM while a client keeps sending over its socket: the process must answer what it accepted,
 * close the sockets so clients reconnect to another process, and exit 0 by itself.
 */
describe.skipIf(!redis)('SIGTERM on one of two processes while a client sends (postgres)', () => {
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let conversation: Conversation;
  let aliceOnA: ClientSocket;
  let bobOnB: ClientSocket;
  let exit: ExitInfo;
  let disconnectReason: string;
  const sends: Array<{ clientMessageId: string; outcome: Outcome }> = [];

  beforeAll(async () => {
    cluster = await startCluster({ size: 2, database: 'postgres', redisUrl: redis!.url });
    [a, b] = cluster.servers;
    const api = new ApiClient(b);
    alice = await createUser(api, { username: uniqueUsername('alice') });
    bob = await createUser(api, { username: uniqueUsername('bob') });
    conversation = await openConversation(api, alice, bob);
    [aliceOnA, bobOnB] = await Promise.all([connectSocket(a.url, alice.accessToken), connectSocket(b.url, bob.accessToken)]);
  });
  afterAll(async () => {
    closeAllSockets();
    await cluster?.dispose();
  });

  function emit(): void {
    const entry: { clientMessageId: string; outcome: Outcome } = { clientMessageId: newClientMessageId(), outcome: { state: 'pending' } };
    sends.push(entry);
    const onDisconnect = () => {
      if (entry.outcome.state === 'pending') entry.outcome = { state: 'dropped' };
    };
    aliceOnA.once('disconnect', onDisconnect);
    aliceOnA
      .timeout(30_000)
      .emit(SocketEvent.MessageSend, { conversationId: conversation.id, body: `in flight ${sends.length}`, clientMessageId: entry.clientMessageId }, (err: Error | null, ack: SendMessageAck) => {
        aliceOnA.off('disconnect', onDisconnect);
        entry.outcome = err ? { state: 'dropped' } : { state: 'acked', ack };
      });
  }

  it('SIGTERM while sends are in flight: exit code 0, by itself; the socket is closed so the client reconnects', async () => {
    const acked = () => sends.filter((s) => s.outcome.state === 'acked').length;
    const pump = setInterval(() => aliceOnA.connected && emit(), 2);
    try {
      await pollUntil('ten sends acknowledged by A', () => acked() >= 10, { timeoutMs: 30_000, intervalMs: 5 });
      for (let i = 0; i < 30; i++) emit(); // a burst in the same tick as the signal
      const disconnected = nextDisconnect(aliceOnA, 30_000);
      exit = await a.stop('SIGTERM');
      disconnectReason = await disconnected;
    } finally {
      clearInterval(pump);
    }
    expect(exit, a.logs().slice(-3000)).toEqual({ code: 0, signal: null, forced: false });
    // 'io server disconnect' is the one reason socket.io-client does not reconnect after.
    expect(disconnectReason).not.toBe('io server disconnect');
    await pollUntil('every send has an outcome', () => sends.every((s) => s.outcome.state !== 'pending'), { timeoutMs: 40_000 });
  });

  it('a success ack means stored; a refusal (the server stopped taking sends) is the retryable SERVICE_UNAVAILABLE and stored nothing', async () => {
    const history = await listAllMessages(new ApiClient(b), alice.accessToken, conversation.id);
    const stored = new Map(history.map((m) => [m.clientMessageId, m]));
    const acked = sends.flatMap((s) => (s.outcome.state === 'acked' ? [{ id: s.clientMessageId, ack: s.outcome.ack }] : []));
    expect(acked.filter((x) => x.ack.ok).length).toBeGreaterThanOrEqual(10);
    for (const { id, ack } of acked) {
      if (ack.ok) expect(stored.get(id)).toEqual(ack.message);
      else {
        expect(ack.error.code, JSON.stringify(ack)).toBe(ErrorCode.Unavailable);
        expect(stored.has(id), `refused ${id} but stored it`).toBe(false);
      }
    }
  });

  it('nothing was stored without its acknowledgement reaching the client (in-flight acks were answered)', async () => {
    const history = await listAllMessages(new ApiClient(b), alice.accessToken, conversation.id);
    const outcomeOf = new Map(sends.map((s) => [s.clientMessageId, s.outcome.state === 'acked' && s.outcome.ack.ok ? 'acked' : s.outcome.state]));
    const storedButNotAcked = history.filter((m) => outcomeOf.get(m.clientMessageId) !== 'acked');
    expect(storedButNotAcked.map((m) => `${m.seq}:${m.clientMessageId} (${outcomeOf.get(m.clientMessageId)})`)).toEqual([]);
    expect(history.map((m) => m.seq)).toEqual(history.map((_, i) => i + 1));
  });

  it('the client reconnects to the other process and resends the dropped and refused ones with the same clientMessageId: each stored exactly once', async () => {
    const again = await connectSocket(b.url, alice.accessToken);
    const dropped = sends.filter((s) => s.outcome.state !== 'acked' || !s.outcome.ack.ok);
    const resent: Message[] = [];
    for (const s of dropped) {
      const ack: SendMessageAck = await again
        .timeout(30_000)
        .emitWithAck(SocketEvent.MessageSend, { conversationId: conversation.id, body: 'resent', clientMessageId: s.clientMessageId });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
      if (ack.ok) resent.push(ack.message);
    }
    const history = await listAllMessages(new ApiClient(b), alice.accessToken, conversation.id);
    expect(history).toHaveLength(sends.length);
    expect(new Set(history.map((m) => m.clientMessageId))).toEqual(new Set(sends.map((s) => s.clientMessageId)));
    for (const m of resent) expect(history.find((h) => h.id === m.id)).toEqual(m);
  });
});
