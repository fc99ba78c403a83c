import { describe, expect, it } from 'vitest';
import { relayConversationId, relayMembers } from './relay-conversation';

describe('the relay conversation id', () => {
  it('carries every member of a pair or a group, in order', () => {
    expect(relayConversationId(['sender0', 'recipient0'])).toBe('sender0~recipient0');
    const group = ['sender3', ...Array.from({ length: 9 }, (_, k) => `recipient3_${k}`)];
    expect(relayMembers(relayConversationId(group))).toEqual(group);
  });

  it('refuses ids that would split wrongly', () => {
    expect(() => relayConversationId(['a~b', 'c'])).toThrow(/~/);
    expect(() => relayConversationId(['', 'c'])).toThrow(/non-empty/);
  });
});
