import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AuthStore } from '../../auth/auth.store';
import { aConversation, aMessage, aUser } from '../testing/chat-factories';
import { ChatApi } from './chat-api';
import { ConversationsStore } from './conversations.store';

const me = aUser('me');
const bob = aUser('bob', { displayName: 'Bob' });
const carol = aUser('carol', { displayName: 'Carol' });

function setup(api: Partial<ChatApi> = {}) {
  TestBed.configureTestingModule({
    providers: [ConversationsStore, { provide: ChatApi, useValue: api }, { provide: AuthStore, useValue: { user: signal(me) } }],
  });
  return TestBed.inject(ConversationsStore);
}

const group = (overrides = {}) =>
  aConversation('g1', [me, bob, carol], {
    title: 'Design',
    lastSeq: 3,
    unreadCount: 3,
    readState: [
      { userId: me.id, lastReadSeq: 0 },
      { userId: bob.id, lastReadSeq: 3 },
      { userId: carol.id, lastReadSeq: 1 },
    ],
    ...overrides,
  });

describe('ConversationsStore', () => {
  it('counts unread as lastSeq minus my marker, and totals it over every conversation', () => {
    const store = setup();
    store.upsert(group());
    store.upsert(aConversation('c1', [me, bob], { lastSeq: 2, unreadCount: 2, readState: [{ userId: me.id, lastReadSeq: 0 }] }));
    expect(store.totalUnread()).toBe(5);
    store.noteMessage(aMessage(4, { conversationId: 'g1', senderId: bob.id }));
    expect(store.find('g1')?.unreadCount).toBe(4);
    store.applyRead({ conversationId: 'g1', userId: me.id, lastReadSeq: 4 });
    expect(store.totalUnread()).toBe(2);
  });

  it('moves markers forward only, whether pushed, learnt from a message, or in an older copy of the conversation', () => {
    const store = setup();
    store.upsert(group());
    store.applyRead({ conversationId: 'g1', userId: carol.id, lastReadSeq: 3 });
    store.applyRead({ conversationId: 'g1', userId: carol.id, lastReadSeq: 2 });
    const carols = () => store.find('g1')?.readState.find((r) => r.userId === carol.id)?.lastReadSeq;
    expect(carols()).toBe(3);
    // Sending moves the sender's marker (the server sends no separate event).
    store.noteMessage(aMessage(4, { conversationId: 'g1', senderId: carol.id }));
    expect(carols()).toBe(4);
    // A late copy (e.g. a page of the list that left before) cannot take anything back.
    store.upsert(group());
    expect(carols()).toBe(4);
    expect(store.find('g1')?.lastSeq).toBe(4);
    // My own message reads the conversation for me.
    store.noteMessage(aMessage(5, { conversationId: 'g1', senderId: me.id }));
    expect(store.find('g1')?.unreadCount).toBe(0);
  });

  it('removes a conversation that no longer lists me, and remembers why and what it was called', () => {
    const store = setup();
    store.upsert(group());
    store.upsert(group({ members: [bob, carol] }));
    expect(store.find('g1')).toBeUndefined();
    expect(store.removed().get('g1')).toEqual({ left: false, name: 'Design', atSeq: 3 });
    // The system line about it that follows does not fetch the conversation back.
    store.noteMessage(aMessage(4, { conversationId: 'g1', senderId: bob.id, kind: 'system' }));
    expect(store.find('g1')).toBeUndefined();
  });

  it('forgets ids listed as removed by sync, and takes a conversation back when I am added again', () => {
    const store = setup();
    store.upsert(group());
    store.remove('g1');
    expect(store.items()).toEqual([]);
    // A late answer from before the removal (a list page, a fetch) still lists me: it does not bring it back.
    store.upsert(group());
    expect(store.find('g1')).toBeUndefined();
    // Added again: the "added" line makes the copy newer.
    store.upsert(group({ lastSeq: 5 }));
    expect(store.find('g1')).toBeDefined();
    expect(store.removed().has('g1')).toBe(false);
  });
});
