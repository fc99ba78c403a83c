import { aMessage } from '../testing/chat-factories';
import { listNames, previewOf, reactionChips, replyQuote } from './message-extras';

const names: Record<string, string> = { alice: 'Alice', bob: 'Bob', carol: 'Carol' };
const nameOf = (id: string) => names[id] ?? 'Someone';

describe('reaction chips', () => {
  it('count each emoji, say whether I am among them, and name who (me first)', () => {
    const chips = reactionChips(
      [
        { emoji: '👍', userIds: ['alice', 'me', 'bob'] },
        { emoji: '🎉', userIds: ['carol'] },
      ],
      'me',
      nameOf,
    );
    expect(chips).toEqual([
      { emoji: '👍', count: 3, mine: true, who: 'You, Alice and Bob' },
      { emoji: '🎉', count: 1, mine: false, who: 'Carol' },
    ]);
  });

  it('leave out an emoji nobody holds', () => {
    expect(reactionChips([{ emoji: '👍', userIds: [] }], 'me', nameOf)).toEqual([]);
    expect(reactionChips(undefined, 'me', nameOf)).toEqual([]);
  });

  it('list names naturally', () => {
    expect(listNames(['me'], 'me', nameOf)).toBe('You');
    expect(listNames(['alice', 'bob'], 'me', nameOf)).toBe('Alice and Bob');
  });
});

describe('reply quote', () => {
  it('shows the sender and the first line only', () => {
    expect(replyQuote({ id: 'm1', seq: 1, senderId: 'alice', body: 'first\nsecond', deleted: false }, 'me', nameOf)).toEqual({
      id: 'm1',
      seq: 1,
      senderName: 'Alice',
      text: 'first',
      deleted: false,
    });
  });

  it('says "You" for mine and shows no text of a deleted original', () => {
    expect(replyQuote({ id: 'm1', seq: 1, senderId: 'me', body: '', deleted: true }, 'me', nameOf)).toMatchObject({ senderName: 'You', text: '', deleted: true });
    expect(replyQuote(null, 'me', nameOf)).toBeNull();
  });

  it('previews a held message for a reply still in the outbox', () => {
    expect(previewOf(aMessage(4, { senderId: 'bob', body: 'hi', deletedAt: null }))).toEqual({ id: 'm4', seq: 4, senderId: 'bob', body: 'hi', deleted: false });
    expect(previewOf(undefined)).toBeNull();
  });
});
