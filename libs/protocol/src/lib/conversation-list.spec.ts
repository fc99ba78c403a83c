import { aConversation, aMessage, aReadMarker, aUser } from '../testing/factories';
import { applyMessageTo, applyReadMarkerTo, applySyncConversations, departedConversations, removeConversations, upsertConversation } from './conversation-list';

const me = aUser('me');
const bob = aUser('bob');
const carol = aUser('carol');
const ids = (list: readonly { id: string }[]) => list.map((c) => c.id);

describe('conversation list', () => {
  it('upserts: adds, refreshes in place, and returns the same list when a repeat changes nothing', () => {
    const direct = aConversation('d1', [me, bob]);
    const list = upsertConversation([], direct, me.id);
    expect(ids(list)).toEqual(['d1']);
    const withGroup = upsertConversation(list, aConversation('g1', [me, bob, carol]), me.id);
    expect(ids(withGroup)).toEqual(['d1', 'g1']);
    const renamed = upsertConversation(withGroup, aConversation('g1', [me, bob, carol], { title: 'Trip', lastSeq: 1 }), me.id);
    expect(renamed.find((c) => c.id === 'g1')?.title).toBe('Trip');
    expect(removeConversations(renamed, [])).toBe(renamed);
    expect(removeConversations(renamed, ['unknown'])).toBe(renamed);
  });

  it('removes a conversation whose copy no longer lists me, and those in removedConversationIds', () => {
    const list = [aConversation('g1', [me, bob, carol]), aConversation('g2', [me, bob, carol])];
    expect(ids(upsertConversation(list, aConversation('g1', [bob, carol], { lastSeq: 1 }), me.id))).toEqual(['g2']);
    expect(ids(upsertConversation([], aConversation('g3', [bob, carol]), me.id))).toEqual([]);
    expect(ids(removeConversations(list, ['g2']))).toEqual(['g1']);
  });

  it('applies a sync page: removals first, so a conversation I was removed from and added back to stays', () => {
    const list = [aConversation('g1', [me, bob, carol]), aConversation('g2', [me, bob, carol])];
    const next = applySyncConversations(
      list,
      { removedConversationIds: ['g1', 'g2'], conversations: [aConversation('g2', [me, bob, carol], { lastSeq: 4, title: 'Back' })] },
      me.id,
    );
    expect(ids(next)).toEqual(['g2']);
    expect(next[0].title).toBe('Back');
  });

  it('names the conversations a change took off the list, so their held histories can be dropped', () => {
    const list = [aConversation('g1', [me, bob, carol]), aConversation('g2', [me, bob, carol])];
    expect(departedConversations(list, list)).toEqual([]);
    expect(departedConversations(list, upsertConversation(list, aConversation('g3', [me, bob, carol]), me.id))).toEqual([]);
    expect(departedConversations(list, upsertConversation(list, aConversation('g1', [bob, carol], { lastSeq: 1 }), me.id))).toEqual(['g1']);
    expect(departedConversations(list, removeConversations(list, ['g2', 'g1']))).toEqual(['g1', 'g2']);
  });

  it('applies read markers and messages to the conversation they belong to, ignoring unknown ones', () => {
    const list = [aConversation('g1', [me, bob, carol], { lastSeq: 2 })];
    const read = applyReadMarkerTo(list, aReadMarker('g1', me.id, 2), me.id);
    expect(read[0].unreadCount).toBe(0);
    expect(applyReadMarkerTo(read, aReadMarker('nope', me.id, 2), me.id)).toBe(read);
    const next = applyMessageTo(read, aMessage('g1', 3, { senderId: bob.id }), me.id);
    expect(next[0]).toMatchObject({ lastSeq: 3, unreadCount: 1 });
    expect(applyMessageTo(next, aMessage('nope', 1), me.id)).toBe(next);
  });

  it('drops a conversation when a system line says I was removed', () => {
    const list = [aConversation('g1', [me, bob, carol], { lastSeq: 2 })];
    const removed = aMessage('g1', 3, { kind: 'system', body: '', senderId: bob.id, system: { type: 'member_removed', actorId: bob.id, userIds: [me.id] } });
    expect(applyMessageTo(list, removed, me.id)).toEqual([]);
  });
});
