import { ErrorCode } from '@parley/contract';
import type { MessageEntity } from '../message.entity';
import type { NewMessage, WriteOutcome } from './batch-plan';
import type { BatchWriter } from './batch-writer';
import { BATCH_WORTH_WRITING, MessageWriter } from './message-writer';
import { DEFAULT_WRITE_QUEUE_MAX } from '../../config/limits.config';

const send = (i: number): NewMessage => ({ senderId: 's', conversationId: 'c', body: `m${i}`, clientMessageId: `cid-${i}` });
const stored = (s: NewMessage): WriteOutcome => ({ ok: true, created: true, recipients: [s.senderId], message: { ...s, id: s.clientMessageId } as MessageEntity });

/** A batch writer that records its batches and can be told to fail or to wait. */
class FakeBatchWriter implements BatchWriter {
  readonly batches: NewMessage[][] = [];
  failWith: ((batch: NewMessage[]) => unknown) | null = null;
  gate: Promise<void> | null = null;

  async write(batch: NewMessage[]): Promise<WriteOutcome[]> {
    this.batches.push(batch);
    if (this.gate) await this.gate;
    const failure = this.failWith?.(batch);
    if (failure) throw failure;
    return batch.map(stored);
  }
}

const rowLevel = Object.assign(new Error('value too long'), { code: '22001' });
const databaseDown = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });

describe('MessageWriter (group commit)', () => {
  let fake: FakeBatchWriter;
  let writer: MessageWriter;

  beforeEach(() => {
    fake = new FakeBatchWriter();
    writer = new MessageWriter(fake);
  });

  it('writes the sends of one turn together and answers each with its own outcome', async () => {
    const outcomes = await Promise.all([0, 1, 2].map((i) => writer.write(send(i))));
    expect(fake.batches).toHaveLength(1);
    expect(outcomes.map((o) => o.ok && o.message.body)).toEqual(['m0', 'm1', 'm2']);
  });

  it('batches what arrives while a write is in flight into the next transaction', async () => {
    let open!: () => void;
    fake.gate = new Promise((resolve) => (open = resolve));
    const first = writer.write(send(0));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [1, 2, 3].map((i) => writer.write(send(i)));
    fake.gate = null;
    open();
    await Promise.all([first, ...later]);
    expect(fake.batches.map((b) => b.length)).toEqual([1, 3]);
  });

  it('retries the sends of a batch one by one when one row is bad, so only that send fails', async () => {
    fake.failWith = (batch) => (batch.some((s) => s.body === 'm1') ? rowLevel : null);
    const results = await Promise.allSettled([0, 1, 2].map((i) => writer.write(send(i))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('fails a whole batch at once when the database itself is down, without one retry per send', async () => {
    fake.failWith = () => databaseDown;
    const results = await Promise.allSettled([0, 1, 2].map((i) => writer.write(send(i))));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(fake.batches).toHaveLength(1);
  });

  it('refuses new sends with SERVICE_UNAVAILABLE and retryAfterMs once the queue is full (WRITE_QUEUE_MAX)', async () => {
    let open!: () => void;
    fake.gate = new Promise((resolve) => (open = resolve));
    const inFlight = writer.write(send(-1));
    await new Promise((resolve) => setImmediate(resolve));
    const queued = Array.from({ length: DEFAULT_WRITE_QUEUE_MAX }, (_, i) => writer.write(send(i)));
    await expect(writer.write(send(DEFAULT_WRITE_QUEUE_MAX))).rejects.toMatchObject({ code: ErrorCode.Unavailable, retryAfterMs: 1_000 });
    fake.gate = null;
    open();
    await Promise.all([inFlight, ...queued]);
  });

  it('on shutdown finishes the writes in flight and refuses new ones', async () => {
    const pending = writer.write(send(0));
    await writer.beforeApplicationShutdown();
    await expect(pending).resolves.toMatchObject({ ok: true });
    await expect(writer.write(send(1))).rejects.toMatchObject({ code: ErrorCode.Unavailable });
  });

  describe('fairness between senders (WRITE_QUEUE_PER_USER=3)', () => {
    const from = (senderId: string, i: number): NewMessage => ({ ...send(i), senderId, clientMessageId: `${senderId}-${i}` });
    let gated: () => void;

    beforeEach(() => {
      writer = new MessageWriter(fake, { writeQueuePerUser: 3 } as never);
      fake.gate = new Promise((resolve) => (gated = resolve));
    });

    it("refuses only the sender over its share, RATE_LIMITED with retryAfterMs; others still queue", async () => {
      const inFlight = writer.write(from('heavy', 0));
      await new Promise((resolve) => setImmediate(resolve));
      const heavy = [1, 2, 3].map((i) => writer.write(from('heavy', i)));
      await expect(writer.write(from('heavy', 4))).rejects.toMatchObject({ code: ErrorCode.RateLimited, retryAfterMs: expect.any(Number) });
      const light = writer.write(from('light', 0));
      fake.gate = null;
      gated();
      await expect(Promise.all([inFlight, ...heavy, light])).resolves.toHaveLength(5);
    });

    it('fills a batch round-robin across senders, each sender in its own order', async () => {
      const inFlight = writer.write(from('a', 0));
      await new Promise((resolve) => setImmediate(resolve));
      const later = [from('a', 1), from('a', 2), from('a', 3), from('b', 1), from('b', 2), from('c', 1)].map((s) => writer.write(s));
      fake.gate = null;
      gated();
      await Promise.all([inFlight, ...later]);
      expect(fake.batches[1].map((s) => s.clientMessageId)).toEqual(['a-1', 'b-1', 'c-1', 'a-2', 'b-2', 'a-3']);
    });
  });
  describe('gathering window while sends keep coming (WRITE_BATCH_WINDOW_MS=200)', () => {
    const WINDOW_MS = 200;
    const turn = () => new Promise((resolve) => setImmediate(resolve));

    beforeEach(() => {
      writer = new MessageWriter(fake, { writeQueuePerUser: 1_000, writeBatchWindowMs: WINDOW_MS } as never);
    });

    it('writes a quiet writer’s send at once', async () => {
      const started = performance.now();
      await writer.write(send(0));
      expect(performance.now() - started).toBeLessThan(WINDOW_MS / 2);
    });

    it('holds a small batch that follows a write until the window after it ends, gathering what arrives meanwhile', async () => {
      await writer.write(send(0));
      const committed = performance.now();
      const later: Promise<WriteOutcome>[] = [];
      for (const i of [1, 2, 3]) {
        later.push(writer.write(send(i)));
        await turn();
      }
      await Promise.all(later);
      expect(performance.now() - committed).toBeGreaterThanOrEqual(WINDOW_MS - 5);
      expect(fake.batches.map((b) => b.length)).toEqual([1, 3]);
    });

    it('writes a batch worth writing at once, window or not', async () => {
      await writer.write(send(0));
      const started = performance.now();
      await Promise.all(Array.from({ length: BATCH_WORTH_WRITING }, (_, i) => writer.write(send(i + 1))));
      expect(performance.now() - started).toBeLessThan(WINDOW_MS / 2);
      expect(fake.batches.map((b) => b.length)).toEqual([1, BATCH_WORTH_WRITING]);
    });

    it('writes every waiting send before shutdown completes', async () => {
      await writer.write(send(0));
      const waiting = [writer.write(send(1)), writer.write(send(2))];
      await writer.beforeApplicationShutdown();
      expect(fake.batches.map((b) => b.length)).toEqual([1, 2]);
      await expect(Promise.all(waiting)).resolves.toHaveLength(2);
    });

    it('with WRITE_BATCH_WINDOW_MS=0 writes each turn’s sends without waiting', async () => {
      writer = new MessageWriter(fake, { writeQueuePerUser: 1_000, writeBatchWindowMs: 0 } as never);
      const started = performance.now();
      await writer.write(send(0));
      await writer.write(send(1));
      expect(performance.now() - started).toBeLessThan(WINDOW_MS / 2);
      expect(fake.batches.map((b) => b.length)).toEqual([1, 1]);
    });
  });
});
