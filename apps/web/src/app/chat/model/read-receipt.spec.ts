import { aConversation, aMessage, aUser } from '../testing/chat-factories';
import { readReceipt } from './read-receipt';
import { buildTimeline } from './timeline';

const me = aUser('me', { displayName: 'Me' });
const bob = aUser('bob', { displayName: 'Bob' });
const carol = aUser('carol', { displayName: 'Carol' });
const dave = aUser('dave', { displayName: 'Dave' });
const history = [aMessage(1, { senderId: 'me' }), aMessage(2, { senderId: 'bob' }), aMessage(3, { senderId: 'me' }), aMessage(4, { senderId: 'me' })];
const markers = (entries: Record<string, number>) => Object.entries(entries).map(([userId, lastReadSeq]) => ({ userId, lastReadSeq }));

describe('readReceipt', () => {
  it('direct: "Seen" under my newest message the other person has read', () => {
    const rows = buildTimeline(history, [], me, [me, bob]);
    const direct = (bobRead: number) => aConversation('c1', [me, bob], { lastSeq: 4, readState: markers({ me: 4, bob: bobRead }) });
    expect(readReceipt(rows, direct(3), me)).toEqual({ key: 'me:cm3', text: 'Seen', label: 'Seen by Bob' });
    expect(readReceipt(rows, direct(4), me)?.key).toBe('me:cm4');
    expect(readReceipt(rows, direct(0), me)).toBeNull();
  });

  it('group: "Seen by N" under my newest message, with the names in the label', () => {
    const rows = buildTimeline(history, [], me, [me, bob, carol, dave]);
    const group = (read: Record<string, number>) => aConversation('g1', [me, bob, carol, dave], { lastSeq: 4, readState: markers({ me: 4, ...read }) });
    expect(readReceipt(rows, group({ bob: 4, carol: 4, dave: 3 }), me)).toEqual({ key: 'me:cm4', text: 'Seen by 2', label: 'Seen by Bob and Carol' });
    expect(readReceipt(rows, group({ bob: 3, carol: 2, dave: 0 }), me)).toBeNull();
  });
});
