import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Conversation } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { ChatApi } from '../data/chat-api';
import { ConversationsStore } from '../data/conversations.store';
import { aConversation, aMessage, aUser } from '../testing/chat-factories';
import { PageTitle, titleWithUnread } from './page-title.service';

const me = aUser('me');
const bob = aUser('bob');
const carol = aUser('carol');

describe('PageTitle', () => {
  it('puts the unread total in front, and nothing when all is read', () => {
    expect(titleWithUnread('Parley', 3)).toBe('(3) Parley');
    expect(titleWithUnread('Parley', 0)).toBe('Parley');
  });

  it('follows the total over every conversation as messages arrive and markers move', async () => {
    TestBed.configureTestingModule({
      providers: [
        ConversationsStore,
        PageTitle,
        { provide: ChatApi, useValue: {} },
        { provide: AuthStore, useValue: { user: signal(me) } },
      ],
    });
    const store = TestBed.inject(ConversationsStore);
    const pageTitle = TestBed.inject(PageTitle);
    const title = TestBed.inject(Title);
    const read = (lastSeq: number, mine: number): Pick<Conversation, 'lastSeq' | 'unreadCount' | 'readState'> => ({
      lastSeq,
      unreadCount: lastSeq - mine,
      readState: [{ userId: me.id, lastReadSeq: mine }, { userId: 'bob', lastReadSeq: lastSeq }],
    });
    store.upsert(aConversation('c1', [me, bob], read(5, 3)));
    store.upsert(aConversation('g1', [me, bob, carol], read(1, 0)));
    pageTitle.base.set('Parley');
    TestBed.tick();
    expect(title.getTitle()).toBe('(3) Parley');

    store.noteMessage(aMessage(6, { conversationId: 'c1', senderId: bob.id }));
    TestBed.tick();
    expect(title.getTitle()).toBe('(4) Parley');

    store.applyRead({ conversationId: 'c1', userId: me.id, lastReadSeq: 6 });
    pageTitle.base.set('Bob · Parley');
    TestBed.tick();
    expect(title.getTitle()).toBe('(1) Bob · Parley');

    // My own message moves my marker: the group's "created" line is read once I write there.
    store.noteMessage(aMessage(2, { conversationId: 'g1', senderId: me.id }));
    TestBed.tick();
    expect(title.getTitle()).toBe('Bob · Parley');
  });
});
