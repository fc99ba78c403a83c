import { Message } from '@parley/contract';
import { catchUpAfter, contiguousEnd, lastSeq, mergeMessages } from './message-merge';

let counter = 0;
function message(seq: number, overrides: Partial<Message> = {}): Message {
  counter += 1;
  return {
    id: `id-${seq}`,
    conversationId: 'c1',
    senderId: 'u1',
    body: `message ${seq}`,
    clientMessageId: `cm-${counter}`,
    seq,
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, seq)).toISOString(),
    ...overrides,
  };
}

describe('mergeMessages', () => {
  it('orders by seq whatever the arrival order', () => {
    const merged = mergeMessages([message(3)], [message(1), message(5), message(2)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 5]);
  });

  it('drops duplicates delivered both live and by catch-up', () => {
    const live = [message(1), message(2), message(3)];
    const page = [message(2), message(3), message(4)];
    expect(mergeMessages(live, page).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it('returns the same array when nothing is new, so signals do not fire', () => {
    const existing = [message(1), message(2)];
    expect(mergeMessages(existing, [message(2)])).toBe(existing);
    expect(mergeMessages(existing, [])).toBe(existing);
  });

  it('prepends an older page', () => {
    const merged = mergeMessages([message(51), message(52)], [message(49), message(50)]);
    expect(merged.map((m) => m.seq)).toEqual([49, 50, 51, 52]);
  });
});

describe('lastSeq and contiguousEnd', () => {
  it('is 0 for an empty history', () => {
    expect(lastSeq([])).toBe(0);
  });

  it('finds where the history stops being contiguous', () => {
    expect(contiguousEnd([])).toBe(0);
    expect(contiguousEnd([message(51), message(52), message(53)])).toBe(53);
    expect(contiguousEnd([message(1), message(2), message(7), message(8)])).toBe(2);
  });
});

describe('catchUpAfter', () => {
  it('resumes after the contiguous run, or from 0 when a complete history does not start at seq 1', () => {
    expect(catchUpAfter([message(4), message(5), message(7)], false)).toBe(5);
    expect(catchUpAfter([message(4), message(5)], true)).toBe(0);
    expect(catchUpAfter([message(1), message(2), message(4)], true)).toBe(2);
    expect(catchUpAfter([], true)).toBe(0);
  });
});
