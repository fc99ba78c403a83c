import type { Conversation, Message } from '@parley/contract';
import { aConversation, aMessage, aReadMarker, aUser } from '../testing/factories';
import { applyMessage, applyReadMarker, isMember, lastReadSeqOf, mergeConversation } from './conversation-state';

const me = aUser('me');
const bob = aUser('bob');
const carol = aUser('carol');
const group = (overrides: Partial<Conversation> = {}) => aConversation('g1', [me, bob, carol], overrides);
const line = (seq: number, overrides: Partial<Message> = {}) => aMessage('g1', seq, { senderId: bob.id, ...overrides });
const markers = (c: Conversation) => Object.fromEntries(c.readState.map((r) => [r.userId, r.lastReadSeq]));

describe('mergeConversation', () => {
  it('takes a copy as it is when none is held, recomputing my unread count', () => {
    const incoming = group({ lastSeq: 4, readState: [{ userId: me.id, lastReadSeq: 1 }] });
    expect(mergeConversation(undefined, incoming, me.id)).toMatchObject({ lastSeq: 4, unreadCount: 3 });
  });

  it('takes members and title from a copy at least as new, keeping the higher read markers', () => {
    const held = group({ lastSeq: 5, title: 'Old', readState: [{ userId: me.id, lastReadSeq: 5 }, { userId: bob.id, lastReadSeq: 3 }] });
    const incoming = aConversation('g1', [me, bob], { lastSeq: 6, title: 'New', readState: [{ userId: me.id, lastReadSeq: 4 }, { userId: bob.id, lastReadSeq: 6 }] });
    const merged = mergeConversation(held, incoming, me.id);
    expect(merged.title).toBe('New');
    expect(merged.members.map((m) => m.id)).toEqual([me.id, bob.id]);
    expect(markers(merged)).toEqual({ me: 5, bob: 6 });
    expect(merged.unreadCount).toBe(1);
  });

  it('keeps the held preview, members and title when the copy is older by lastSeq', () => {
    const newest = line(7, { body: 'newer, live' });
    const held = group({ lastSeq: 7, lastMessage: newest, title: 'Renamed', updatedAt: newest.createdAt });
    const stale = aConversation('g1', [me, bob, carol, aUser('dave')], { lastSeq: 5, lastMessage: line(5), title: 'Before', updatedAt: '2026-01-01T00:00:01.000Z' });
    const merged = mergeConversation(held, stale, me.id);
    expect(merged).toMatchObject({ lastSeq: 7, title: 'Renamed', lastMessage: { body: 'newer, live' }, updatedAt: newest.createdAt });
    expect(merged.members).toBe(held.members);
  });

  it('drops the markers of people no longer members', () => {
    const held = group({ readState: [{ userId: carol.id, lastReadSeq: 2 }] });
    const merged = mergeConversation(held, aConversation('g1', [me, bob], { lastSeq: 1 }), me.id);
    expect(merged.readState.map((r) => r.userId).sort()).toEqual([bob.id, me.id]);
  });
});

describe('applyReadMarker', () => {
  it('moves a marker forward only, and mine sets my unread count to lastSeq - lastReadSeq', () => {
    const c = group({ lastSeq: 9, unreadCount: 9 });
    const read = applyReadMarker(c, aReadMarker('g1', me.id, 6), me.id);
    expect(lastReadSeqOf(read, me.id)).toBe(6);
    expect(read.unreadCount).toBe(3);
    expect(applyReadMarker(read, aReadMarker('g1', me.id, 4), me.id)).toBe(read);
    expect(applyReadMarker(read, aReadMarker('g1', me.id, 6), me.id)).toBe(read);
  });

  it('moves another member’s marker without touching my unread count', () => {
    const c = group({ lastSeq: 9, unreadCount: 9 });
    const read = applyReadMarker(c, aReadMarker('g1', bob.id, 8), me.id);
    expect(markers(read)).toMatchObject({ bob: 8, me: 0 });
    expect(read.unreadCount).toBe(9);
  });

  it('ignores markers of non-members and of other conversations, and adds one for a member without', () => {
    const c = group({ lastSeq: 3, readState: [] });
    expect(applyReadMarker(c, aReadMarker('g1', 'stranger', 3), me.id)).toBe(c);
    expect(applyReadMarker(c, aReadMarker('other', bob.id, 3), me.id)).toBe(c);
    expect(markers(applyReadMarker(c, aReadMarker('g1', bob.id, 2), me.id))).toEqual({ bob: 2 });
  });

  it('never lets my unread count go below 0', () => {
    expect(applyReadMarker(group({ lastSeq: 2 }), aReadMarker('g1', me.id, 5), me.id).unreadCount).toBe(0);
  });
});

describe('applyMessage', () => {
  it('moves the preview and activity time, counts someone else’s message as unread and moves their marker', () => {
    const c = group({ lastSeq: 2, unreadCount: 0, readState: [{ userId: me.id, lastReadSeq: 2 }, { userId: bob.id, lastReadSeq: 1 }] });
    const m = line(3);
    const next = applyMessage(c, m, me.id);
    expect(next).toMatchObject({ lastSeq: 3, lastMessage: m, updatedAt: m.createdAt, unreadCount: 1 });
    expect(markers(next)).toEqual({ me: 2, bob: 3 });
  });

  it('does not count my own message: it moves my marker to it', () => {
    const c = group({ lastSeq: 2, unreadCount: 2 });
    const next = applyMessage(c, line(3, { senderId: me.id }), me.id);
    expect(next.unreadCount).toBe(0);
    expect(lastReadSeqOf(next, me.id)).toBe(3);
  });

  it('changes nothing for a repeat or an older message whose sender has read past it', () => {
    const c = applyMessage(group({ lastSeq: 2 }), line(3), me.id);
    expect(applyMessage(c, line(3), me.id)).toBe(c);
    expect(applyMessage(c, line(2), me.id)).toBe(c);
    expect(applyMessage(c, aMessage('elsewhere', 9), me.id)).toBe(c);
  });

  it('fills in or updates the preview for the newest seq (a copy without it, a higher version of it)', () => {
    const c = group({ lastSeq: 3, lastMessage: null });
    const filled = applyMessage(c, line(3), me.id);
    expect(filled.lastMessage?.id).toBe('g1-m3');
    expect(applyMessage(filled, line(3), me.id)).toBe(filled);
    expect(applyMessage(filled, line(3, { version: 2, body: 'edited' }), me.id).lastMessage?.body).toBe('edited');
  });

  it('takes an edit or deletion of the newest message into the preview (message:updated), without counting it unread again', () => {
    const held = group({ lastSeq: 3, lastMessage: line(3), readState: [{ userId: me.id, lastReadSeq: 2 }] });
    const edited = applyMessage(held, line(3, { body: 'fixed typo', version: 2, editedAt: '2026-01-01T13:00:00.000Z' }), me.id);
    expect(edited.lastMessage).toMatchObject({ body: 'fixed typo', version: 2 });
    expect(edited.unreadCount).toBe(1);
    const deleted = applyMessage(edited, line(3, { body: '', version: 3, deletedAt: '2026-01-01T13:01:00.000Z' }), me.id);
    expect(deleted.lastMessage).toMatchObject({ body: '', deletedAt: '2026-01-01T13:01:00.000Z' });
    // A late copy of the edit (lower version) does not bring the text back.
    expect(applyMessage(deleted, line(3, { body: 'fixed typo', version: 2 }), me.id)).toBe(deleted);
  });

  it('leaves the preview alone when an older message changes (a reaction, an edit)', () => {
    const held = group({ lastSeq: 5, lastMessage: line(5), readState: [{ userId: me.id, lastReadSeq: 5 }, { userId: bob.id, lastReadSeq: 5 }] });
    expect(applyMessage(held, line(2, { version: 2, reactions: [{ emoji: '👍', userIds: [me.id] }] }), me.id)).toBe(held);
  });

  it('applies a newer system line: a new title, and who left or was removed', () => {
    const renamed = applyMessage(group({ lastSeq: 1 }), line(2, { kind: 'system', body: '', system: { type: 'renamed', actorId: bob.id, title: 'Trip' } }), me.id);
    expect(renamed.title).toBe('Trip');
    const removed = applyMessage(renamed, line(3, { kind: 'system', body: '', system: { type: 'member_removed', actorId: me.id, userIds: [carol.id] } }), me.id);
    expect(removed.members.map((m) => m.id)).toEqual([me.id, bob.id]);
    expect(removed.readState.some((r) => r.userId === carol.id)).toBe(false);
    const left = applyMessage(removed, line(4, { kind: 'system', body: '', senderId: me.id, system: { type: 'member_left', actorId: me.id, userIds: [me.id] } }), me.id);
    expect(isMember(left, me.id)).toBe(false);
  });

  it('leaves an older system line’s effect to the copies (it is already in them)', () => {
    const c = group({ lastSeq: 5, title: 'Current' });
    const late = applyMessage(c, line(3, { kind: 'system', body: '', system: { type: 'renamed', actorId: bob.id, title: 'Earlier' } }), me.id);
    expect(late.title).toBe('Current');
  });
});
