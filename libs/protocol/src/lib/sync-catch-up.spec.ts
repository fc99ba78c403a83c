import type { SyncResponse } from '@parley/contract';
import { aMessage, aSyncPage } from '../testing/factories';
import { SyncCatchUp, type SyncCatchUpOptions } from './sync-catch-up';
import type { Timers } from './timers';

/** Timers that fire only when the test says so. */
class ManualTimers implements Timers {
  private next = 1;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  set(callback: () => void, ms: number): number {
    const handle = this.next++;
    this.pending.set(handle, { callback, ms });
    return handle;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    due.forEach((t) => t.callback());
  }
}

/** A deferred answer the test resolves or rejects when it wants. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const rejected = Object.assign(new Error('400 since'), { status: 400 });
const offline = new Error('offline');

function setup(stored: string | null, overrides: Partial<SyncCatchUpOptions> = {}) {
  let cursor = stored;
  const applied: SyncResponse[] = [];
  const timers = new ManualTimers();
  const fetchSync = vi.fn<(since: string, limit: number) => Promise<SyncResponse>>();
  const fetchFresh = vi.fn<() => Promise<unknown>>(async () => (cursor = 'fresh'));
  const reload = vi.fn(async () => undefined);
  const ready = vi.fn(() => Promise.resolve());
  const engine = new SyncCatchUp({
    fetchSync,
    apply: (page) => applied.push(page),
    cursor: { ready, get: () => cursor, set: (c) => (cursor = c), fetchFresh },
    reload,
    isCursorRejected: (error) => (error as { status?: number }).status === 400,
    timers,
    maxRequests: 3,
    pageLimit: 7,
    retryDelaysMs: [100, 200],
    ...overrides,
  });
  return { engine, applied, timers, fetchSync, fetchFresh, reload, ready, cursor: () => cursor };
}

describe('SyncCatchUp', () => {
  it('calls sync while hasMore, applying each page and taking the cursor from the answers only', async () => {
    const { engine, applied, fetchSync, cursor } = setup('10');
    fetchSync
      .mockResolvedValueOnce(aSyncPage({ messages: [aMessage('c1', 3)], cursor: '20', hasMore: true }))
      .mockResolvedValueOnce(aSyncPage({ messages: [aMessage('c1', 4)], cursor: '25' }));
    await expect(engine.run()).resolves.toBe('caught-up');
    expect(fetchSync.mock.calls).toEqual([
      ['10', 7],
      ['20', 7],
    ]);
    expect(applied.map((p) => p.cursor)).toEqual(['20', '25']);
    expect(cursor()).toBe('25');
  });

  it('waits for the cursor to be known before the first request', async () => {
    const gate = deferred<void>();
    const { engine, fetchSync, ready } = setup('10');
    ready.mockReturnValue(gate.promise);
    fetchSync.mockResolvedValue(aSyncPage({ cursor: '11' }));
    const running = engine.run();
    await Promise.resolve();
    expect(fetchSync).not.toHaveBeenCalled();
    gate.resolve();
    await expect(running).resolves.toBe('caught-up');
    expect(fetchSync).toHaveBeenCalledTimes(1);
  });

  it('starts afresh without a cursor: a fresh cursor first, then the reload', async () => {
    const { engine, fetchSync, fetchFresh, reload, cursor } = setup(null);
    const order: string[] = [];
    fetchFresh.mockImplementation(async () => order.push('fresh'));
    reload.mockImplementation(async () => void order.push('reload'));
    await expect(engine.run()).resolves.toBe('refreshed');
    expect(order).toEqual(['fresh', 'reload']);
    expect(fetchSync).not.toHaveBeenCalled();
    expect(cursor()).toBeNull(); // this fake's fetchFresh was replaced: the engine never invents a cursor
  });

  it('stops after maxRequests when still behind, and starts afresh', async () => {
    const { engine, fetchSync, fetchFresh, reload, cursor } = setup('1');
    fetchSync.mockImplementation(async (since) => aSyncPage({ cursor: String(Number(since) + 1), hasMore: true }));
    await expect(engine.run()).resolves.toBe('refreshed');
    expect(fetchSync.mock.calls.map((c) => c[0])).toEqual(['1', '2', '3']);
    expect(fetchFresh).toHaveBeenCalledTimes(1);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(cursor()).toBe('fresh');
  });

  it('starts afresh when the server rejects the cursor (400), and retries later if that fails too', async () => {
    const first = setup('bad');
    first.fetchSync.mockRejectedValueOnce(rejected);
    await expect(first.engine.run()).resolves.toBe('refreshed');
    expect(first.cursor()).toBe('fresh');
    expect(first.reload).toHaveBeenCalledTimes(1);
    expect(first.timers.pending.size).toBe(0);

    const second = setup('bad');
    second.fetchSync.mockRejectedValueOnce(rejected);
    second.fetchFresh.mockRejectedValueOnce(offline);
    await expect(second.engine.run()).resolves.toBe('failed');
    expect(second.timers.delays()).toEqual([100]);
  });

  it('retries a failed sync with backoff from the same cursor, until the delays run out', async () => {
    const { engine, timers, fetchSync, cursor } = setup('10');
    fetchSync.mockRejectedValue(offline);
    await expect(engine.run()).resolves.toBe('failed');
    expect(timers.delays()).toEqual([100]);
    timers.fireAll();
    await vi.waitFor(() => expect(timers.delays()).toEqual([200]));
    timers.fireAll();
    await vi.waitFor(() => expect(fetchSync).toHaveBeenCalledTimes(3));
    await Promise.resolve();
    expect(timers.pending.size).toBe(0); // out of retries
    expect(fetchSync.mock.calls.every(([since]) => since === '10')).toBe(true);
    expect(cursor()).toBe('10');

    // A new connect starts the backoff over.
    await expect(engine.run('event')).resolves.toBe('failed');
    expect(timers.delays()).toEqual([100]);
    fetchSync.mockResolvedValueOnce(aSyncPage({ cursor: '12' }));
    timers.fireAll();
    await vi.waitFor(() => expect(cursor()).toBe('12'));
  });

  it('runs one sync at a time: a call during a run makes it go round once more', async () => {
    const { engine, fetchSync } = setup('10');
    const answer = deferred<SyncResponse>();
    fetchSync.mockReturnValueOnce(answer.promise).mockResolvedValueOnce(aSyncPage({ cursor: '11' }));
    const first = engine.run();
    const second = engine.run();
    const third = engine.run();
    expect(second).toBe(first);
    expect(third).toBe(first);
    await Promise.resolve();
    expect(fetchSync).toHaveBeenCalledTimes(1);
    answer.resolve(aSyncPage({ cursor: '10' }));
    await expect(first).resolves.toBe('caught-up');
    expect(fetchSync.mock.calls.map((c) => c[0])).toEqual(['10', '10']);
  });

  it('once stopped, changes nothing: a late answer is not applied, no retry fires, no new run starts', async () => {
    const { engine, applied, timers, fetchSync, cursor } = setup('10');
    const answer = deferred<SyncResponse>();
    fetchSync.mockReturnValueOnce(answer.promise);
    const running = engine.run();
    await vi.waitFor(() => expect(fetchSync).toHaveBeenCalledTimes(1));
    engine.stop();
    answer.resolve(aSyncPage({ messages: [aMessage('c1', 1)], cursor: '99' }));
    await expect(running).resolves.toBe('stopped');
    expect(applied).toEqual([]);
    expect(cursor()).toBe('10');
    await expect(engine.run()).resolves.toBe('stopped');
    expect(fetchSync).toHaveBeenCalledTimes(1);
    expect(timers.pending.size).toBe(0);
  });

  it('a failure after stop schedules no retry', async () => {
    const { engine, timers, fetchSync } = setup('10');
    const answer = deferred<SyncResponse>();
    fetchSync.mockReturnValueOnce(answer.promise);
    const running = engine.run();
    await vi.waitFor(() => expect(fetchSync).toHaveBeenCalledTimes(1));
    engine.stop();
    answer.reject(offline);
    await expect(running).resolves.toBe('stopped');
    expect(timers.pending.size).toBe(0);
  });
});
