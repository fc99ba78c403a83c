import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AuthStore } from '../../auth/auth.store';
import { aConversation, aUser } from '../testing/chat-factories';
import { ChatApi } from './chat-api';
import { ConversationsStore } from './conversations.store';

const me = aUser('me');
const bob = aUser('bob');

function setup(api: Partial<ChatApi> = {}) {
  TestBed.configureTestingModule({
    providers: [ConversationsStore, { provide: ChatApi, useValue: api }, { provide: AuthStore, useValue: { user: signal(me) } }],
  });
  return TestBed.inject(ConversationsStore);
}

const unread = (id: string, count: number, muted = false) =>
  aConversation(id, [me, bob], { lastSeq: count, unreadCount: count, muted, readState: [{ userId: me.id, lastReadSeq: 0 }] });

describe('ConversationsStore and mute', () => {
  it('applies the conversation the mute call returns', async () => {
    const muteConversation = vi.fn(async (id: string, muted: boolean) => ({ ...unread(id, 2), muted }));
    const store = setup({ muteConversation });
    store.upsert(unread('c1', 2));
    await store.setMuted('c1', true);
    expect(muteConversation).toHaveBeenCalledWith('c1', true);
    expect(store.find('c1')?.muted).toBe(true);
  });

  it('follows a mute made on another device (conversation:updated, sync)', () => {
    const store = setup();
    store.upsert(unread('c1', 2));
    store.upsert(unread('c1', 2, true));
    expect(store.find('c1')?.muted).toBe(true);
    store.upsert(unread('c1', 2, false));
    expect(store.find('c1')?.muted).toBe(false);
  });

  it('leaves muted conversations out of the title count, keeping their own unread count', () => {
    const store = setup();
    store.upsert(unread('c1', 2));
    store.upsert(unread('c2', 5, true));
    expect(store.totalUnread()).toBe(2);
    expect(store.find('c2')?.unreadCount).toBe(5);
  });
});
