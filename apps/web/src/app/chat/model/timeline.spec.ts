import { Message, User } from '@parley/contract';
import { buildTimeline, dayLabel, MessageRow, PendingMessage } from './timeline';

const me: User = { id: 'me', username: 'me', displayName: 'Me', createdAt: '2026-01-01T00:00:00.000Z' };
const bob: User = { id: 'bob', username: 'bob', displayName: 'Bob', createdAt: '2026-01-01T00:00:00.000Z' };
const at = (day: number, hour: number, minute = 0) => new Date(2026, 0, day, hour, minute).toISOString();
const message = (seq: number, senderId: string, createdAt: string): Message => ({
  id: `m${seq}`, conversationId: 'c1', senderId, body: `b${seq}`, clientMessageId: `cm${seq}`, seq, createdAt,
});
const now = new Date(2026, 0, 10, 18, 0);

describe('buildTimeline', () => {
  it('puts a day separator before each new day', () => {
    const rows = buildTimeline([message(1, 'bob', at(9, 9)), message(2, 'bob', at(10, 9))], [], me, [bob], now);
    expect(rows.map((r) => (r.kind === 'day' ? r.label : r.body))).toEqual(['Yesterday', 'b1', 'Today', 'b2']);
  });

  it('groups a run by the same sender and starts a new group after a pause or another sender', () => {
    const rows = buildTimeline(
      [message(1, 'bob', at(10, 9, 0)), message(2, 'bob', at(10, 9, 2)), message(3, 'bob', at(10, 9, 30)), message(4, 'me', at(10, 9, 31))],
      [], me, [bob], now,
    ).filter((r): r is MessageRow => r.kind === 'message');
    expect(rows.map((r) => r.startsGroup)).toEqual([true, false, true, true]);
    expect(rows.map((r) => r.endsGroup)).toEqual([false, true, true, true]);
    expect(rows.map((r) => r.status)).toEqual([null, null, null, 'sent']);
    expect(rows[0].senderName).toBe('Bob');
  });

  it('shows pending sends after the history, and hides one once the server has it', () => {
    const pending: PendingMessage[] = [
      { clientMessageId: 'cm2', conversationId: 'c1', body: 'b2', createdAt: at(10, 10), state: 'sending' },
      { clientMessageId: 'x', conversationId: 'c1', body: 'oops', createdAt: at(10, 10), state: 'failed', error: 'down' },
    ];
    const rows = buildTimeline([message(1, 'bob', at(10, 9)), message(2, 'me', at(10, 10))], pending, me, [bob], now)
      .filter((r): r is MessageRow => r.kind === 'message');
    expect(rows.map((r) => [r.body, r.status])).toEqual([['b1', null], ['b2', 'sent'], ['oops', 'failed']]);
    // The optimistic row and the stored one share a key, so the DOM node is kept when it is confirmed.
    expect(rows[1].key).toBe('me:cm2');
  });

  it('names older days by date', () => {
    expect(dayLabel(new Date(2025, 5, 1), now)).toMatch(/2025/);
  });
});
