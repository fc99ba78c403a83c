import { aMessage } from '../testing/factories';
import { catchUpAfter, contiguousEnd, hasHole, lastSeq, mergeMessages, messageAt } from './message-merge';

const message = (seq: number, version = 1) => aMessage('c1', seq, { version, body: `body ${seq} v${version}` });
const seqs = (messages: { seq: number }[]) => messages.map((m) => m.seq);

describe('mergeMessages', () => {
  it('orders by seq whatever the arrival order', () => {
    expect(seqs(mergeMessages([message(3)], [message(1), message(5), message(2)]))).toEqual([1, 2, 3, 5]);
  });

  it('drops duplicates delivered both live and by catch-up', () => {
    const live = [message(1), message(2), message(3)];
    const page = [message(2), message(3), message(4)];
    expect(seqs(mergeMessages(live, page))).toEqual([1, 2, 3, 4]);
  });

  it('returns the same array when nothing is new, so signals do not fire', () => {
    const existing = [message(1), message(2)];
    expect(mergeMessages(existing, [message(2)])).toBe(existing);
    expect(mergeMessages(existing, [])).toBe(existing);
  });

  it('prepends an older page', () => {
    expect(seqs(mergeMessages([message(51), message(52)], [message(49), message(50)]))).toEqual([49, 50, 51, 52]);
  });

  it('replaces a message with a copy of a higher version, in place', () => {
    const existing = [message(1), message(2), message(3)];
    const merged = mergeMessages(existing, [message(2, 3)]);
    expect(merged).not.toBe(existing);
    expect(merged.map((m) => m.body)).toEqual(['body 1 v1', 'body 2 v3', 'body 3 v1']);
  });

  it('ignores a copy of an equal or lower version, whatever the order they come in', () => {
    const newest = [message(1, 2)];
    expect(mergeMessages(newest, [message(1, 2)])).toBe(newest);
    expect(mergeMessages(newest, [message(1, 1)])).toBe(newest);
    const oneOrder = mergeMessages(mergeMessages([], [message(1, 2)]), [message(1, 1)]);
    const otherOrder = mergeMessages(mergeMessages([], [message(1, 1)]), [message(1, 2)]);
    expect(oneOrder).toEqual(otherOrder);
    expect(oneOrder[0].version).toBe(2);
  });

  it('keeps the highest of several copies arriving in one batch', () => {
    expect(mergeMessages([], [message(1, 2), message(1, 4), message(1, 3)])[0].version).toBe(4);
  });
});

describe('messageAt', () => {
  it('finds the message held at a seq, or nothing', () => {
    const history = [message(2), message(3), message(7)];
    expect(messageAt(history, 3)?.id).toBe('c1-m3');
    expect(messageAt(history, 7)?.id).toBe('c1-m7');
    expect(messageAt(history, 5)).toBeUndefined();
    expect(messageAt([], 1)).toBeUndefined();
  });
});

describe('lastSeq and contiguousEnd', () => {
  it('is 0 for an empty history', () => {
    expect(lastSeq([])).toBe(0);
    expect(lastSeq([message(4), message(9)])).toBe(9);
  });

  it('finds where the history stops being contiguous', () => {
    expect(contiguousEnd([])).toBe(0);
    expect(contiguousEnd([message(51), message(52), message(53)])).toBe(53);
    expect(contiguousEnd([message(1), message(2), message(7), message(8)])).toBe(2);
  });
});

describe('catchUpAfter and hasHole', () => {
  it('resumes after the contiguous run, or from 0 when a complete history does not start at seq 1', () => {
    expect(catchUpAfter([message(4), message(5), message(7)], false)).toBe(5);
    expect(catchUpAfter([message(4), message(5)], true)).toBe(0);
    expect(catchUpAfter([message(1), message(2), message(4)], true)).toBe(2);
    expect(catchUpAfter([], true)).toBe(0);
  });

  it('sees a hole below the newest seq held, and the missing start of a complete history', () => {
    expect(hasHole([], true)).toBe(false);
    expect(hasHole([message(1), message(2)], true)).toBe(false);
    expect(hasHole([message(1), message(3)], true)).toBe(true);
    expect(hasHole([message(4), message(5)], false)).toBe(false);
    expect(hasHole([message(4), message(5)], true)).toBe(true);
  });
});
