import type { Conversation, Message } from '@parley/contract';
import { describe, expect, it } from 'vitest';
import { verifyMessageStates } from './message-state';

const message = (seq: number, overrides: Partial<Message> = {}): Message => ({
  id: `m${seq}`,
  conversationId: 'c1',
  senderId: 'u1',
  body: `body ${seq}`,
  clientMessageId: `cm${seq}`,
  seq,
  createdAt: '2026-01-01T12:00:00.000Z',
  kind: 'text',
  version: 1,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  reactions: [],
  attachments: [],
  ...overrides,
});
const listed = [{ id: 'c1' } as Conversation];
const device = (name: string, held: Message[]) => ({ name, conversations: listed, historyOf: () => held });

describe('verifyMessageStates', () => {
  const edited = message(1, { body: 'edited', version: 2, editedAt: '2026-01-01T12:01:00.000Z', reactions: [{ emoji: '👍', userIds: ['u2'] }] });
  const tombstone = message(2, { body: '', version: 3, deletedAt: '2026-01-01T12:02:00.000Z' });
  const reply = message(3, { replyTo: { id: 'm2', seq: 2, senderId: 'u1', body: '', deleted: true }, version: 2 });
  const fresh = new Map([['c1', [edited, tombstone, reply]]]);

  it('passes a device that holds every message in its stored state, and counts what the actions left', () => {
    const verdict = verifyMessageStates([device('d1', [edited, tombstone, reply])], fresh);
    expect(verdict).toMatchObject({ checked: 3, mismatches: 0, edited: 1, deleted: 1, withReactions: 1, replies: 1, failures: [] });
  });

  it('fails a device that missed an edit, a reaction or a deletion, naming the fields', () => {
    const stale = [message(1, { reactions: [{ emoji: '👍', userIds: ['u2'] }] }), message(2), message(3, { replyTo: { id: 'm2', seq: 2, senderId: 'u1', body: 'body 2', deleted: false } })];
    const verdict = verifyMessageStates([device('d1', stale)], fresh);
    expect(verdict.mismatches).toBe(3);
    expect(verdict.failures[0]).toContain('body: "body 1" vs "edited"');
    expect(verdict.failures[1]).toContain('deletedAt');
    expect(verdict.failures[2]).toContain('replyTo');
  });

  it('fails reactions in another order or with other people', () => {
    const twice = message(1, { ...edited, reactions: [{ emoji: '👍', userIds: ['u2', 'u3'] }] });
    const verdict = verifyMessageStates([device('d1', [twice, tombstone, reply])], fresh);
    expect(verdict.mismatches).toBe(1);
    expect(verdict.failures[0]).toContain('reactions');
  });
});
