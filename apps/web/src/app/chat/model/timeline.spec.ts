import { Message, User } from '@parley/contract';
import { aFile, aMessage, anImage } from '../testing/chat-factories';
import { buildTimeline, dayLabel, MessageRow, PendingMessage } from './timeline';

const me: User = { id: 'me', username: 'me', displayName: 'Me', createdAt: '2026-01-01T00:00:00.000Z', online: false, lastSeenAt: null };
const bob: User = { id: 'bob', username: 'bob', displayName: 'Bob', createdAt: '2026-01-01T00:00:00.000Z', online: false, lastSeenAt: null };
const at = (day: number, hour: number, minute = 0) => new Date(2026, 0, day, hour, minute).toISOString();
const message = (seq: number, senderId: string, createdAt: string): Message => aMessage(seq, { senderId, createdAt });
const now = new Date(2026, 0, 10, 18, 0);

describe('buildTimeline', () => {
  it('puts a day separator before each new day', () => {
    const rows = buildTimeline([message(1, 'bob', at(9, 9)), message(2, 'bob', at(10, 9))], [], me, [bob], now);
    expect(rows.map((r) => (r.kind === 'day' ? r.label : r.kind === 'message' ? r.body : r.kind))).toEqual(['Yesterday', 'b1', 'Today', 'b2']);
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

  it('shows the files of a message still sending, and of a stored one, but none of a deleted one', () => {
    const pending: PendingMessage[] = [
      { clientMessageId: 'cm9', conversationId: 'c1', body: '', createdAt: at(10, 11), state: 'sending', attachments: [anImage('a1'), aFile('a2')] },
    ];
    const stored = [aMessage(1, { senderId: 'bob', createdAt: at(10, 9), attachments: [anImage('a0')] }), aMessage(2, { senderId: 'bob', createdAt: at(10, 10), attachments: [aFile('a3')], deletedAt: at(10, 10) })];
    const rows = buildTimeline(stored, pending, me, [bob], now).filter((r): r is MessageRow => r.kind === 'message');
    expect(rows.map((r) => r.attachments.map((a) => a.id))).toEqual([['a0'], [], ['a1', 'a2']]);
    expect(rows[2].status).toBe('sending');
  });

  it('quotes a message that is only its files by naming them', () => {
    const original = aMessage(1, { senderId: 'bob', body: '', createdAt: at(10, 9), attachments: [anImage('sunset')] });
    const preview = { id: 'm1', seq: 1, senderId: 'bob', body: '', deleted: false };
    const replies = [aMessage(2, { senderId: 'me', createdAt: at(10, 10), replyTo: preview }), aMessage(3, { senderId: 'me', createdAt: at(10, 11), replyTo: { ...preview, id: 'gone' } })];
    const rows = buildTimeline([original, ...replies], [], me, [bob], now).filter((r): r is MessageRow => r.kind === 'message');
    expect(rows.map((r) => r.replyTo?.text ?? null)).toEqual([null, 'Image: sunset.png', 'Attachment']);
  });

  it('names older days by date', () => {
    expect(dayLabel(new Date(2025, 5, 1), now)).toMatch(/2025/);
  });

  it('renders system messages as one line naming the people, former members included', () => {
    const carol: User = { ...bob, id: 'carol', displayName: 'Carol' };
    const added = aMessage(2, { senderId: 'bob', kind: 'system', body: '', createdAt: at(10, 9), system: { type: 'members_added', actorId: 'bob', userIds: ['me', 'carol'] } });
    const left = aMessage(3, { senderId: 'carol', kind: 'system', body: '', createdAt: at(10, 9), system: { type: 'member_left', actorId: 'carol', userIds: ['carol'] } });
    const rows = buildTimeline([message(1, 'bob', at(10, 9)), added, left], [], me, [bob], now, { people: new Map([['carol', carol]]) });
    expect(rows.map((r) => (r.kind === 'system' ? r.text : r.kind))).toEqual(['day', 'message', 'Bob added you and Carol', 'Carol left']);
  });

  it('puts the "New messages" divider before the first message of others after my marker', () => {
    const history = [message(1, 'bob', at(10, 9)), message(2, 'me', at(10, 9)), message(3, 'me', at(10, 9)), message(4, 'bob', at(10, 9))];
    const kinds = (unreadAfter: number | null) =>
      buildTimeline(history, [], me, [bob], now, { unreadAfter }).map((r) => (r.kind === 'message' ? r.body : r.kind));
    expect(kinds(1)).toEqual(['day', 'b1', 'b2', 'b3', 'unread', 'b4']);
    expect(kinds(null)).toEqual(['day', 'b1', 'b2', 'b3', 'b4']);
    expect(kinds(4)).toEqual(['day', 'b1', 'b2', 'b3', 'b4']);
  });
});
