import { describe, expect, it } from 'vitest';
import { Slots } from './slots';

/** A task that runs until `finish` is called, recording when it started. */
function gate(log: string[], name: string) {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const task = () =>
    new Promise<string>((resolve, reject) => {
      log.push(name);
      finish = () => resolve(name);
      fail = reject;
    });
  return { task, finish: () => finish(), fail: (error: Error) => fail(error) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Slots', () => {
  it('runs at most `size` tasks at once and starts the waiting ones in the order they came', async () => {
    const slots = new Slots(2);
    const started: string[] = [];
    const gates = ['a', 'b', 'c', 'd'].map((name) => gate(started, name));
    const results = gates.map((g) => slots.run(g.task));
    await tick();
    expect(started).toEqual(['a', 'b']);
    expect(slots.queued).toBe(2);
    gates[1].finish();
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    gates[0].finish();
    await tick();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(slots.queued).toBe(0);
    gates[2].finish();
    gates[3].finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('gives a failed task’s slot to the next one, and the caller gets the failure', async () => {
    const slots = new Slots(1);
    const started: string[] = [];
    const [first, second] = [gate(started, 'first'), gate(started, 'second')];
    const failed = slots.run(first.task);
    const next = slots.run(second.task);
    await tick();
    first.fail(new Error('boom'));
    await expect(failed).rejects.toThrow('boom');
    await tick();
    expect(started).toEqual(['first', 'second']);
    second.finish();
    expect(await next).toBe('second');
  });

  it('starts a task at once while a slot is free, and counts none as waiting', async () => {
    const slots = new Slots(3);
    expect(await slots.run(async () => 42)).toBe(42);
    expect(slots.queued).toBe(0);
  });
});
