import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Conversation, User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { ConversationsStore } from '../data/conversations.store';
import { UsersStore } from '../data/users.store';
import { ChatLayout } from '../shell/chat-layout.service';
import { UserSidebar } from './user-sidebar.component';

const aUser = (id: string): User => ({ id, username: id, displayName: id.toUpperCase(), createdAt: '2026-01-01T00:00:00.000Z' });
const alice = aUser('alice');
const bob = aUser('bob');
const aConversation = (id: string, members: User[]): Conversation => ({
  id,
  kind: 'direct',
  title: null,
  members,
  lastMessage: null,
  lastSeq: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('UserSidebar', () => {
  it('opens a conversation once however often the person is clicked while it is on its way', async () => {
    let answer!: (conversation: Conversation) => void;
    const openWith = vi.fn(() => new Promise<Conversation>((resolve) => (answer = resolve)));
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'chat/:id', children: [] }]),
        ChatLayout,
        { provide: AuthStore, useValue: { user: signal(alice) } },
        { provide: ConversationsStore, useValue: { openWith, find: () => undefined, byOtherUser: signal(new Map()) } },
        {
          provide: UsersStore,
          useValue: { items: signal([bob]), status: signal('ready'), query: signal(''), loadingMore: signal(false), error: signal(null) },
        },
      ],
    });
    const sidebar = TestBed.createComponent(UserSidebar).componentInstance;
    const first = sidebar.open(bob);
    const second = sidebar.open(bob);
    answer(aConversation('c1', [alice, bob]));
    await Promise.all([first, second]);
    expect(openWith).toHaveBeenCalledTimes(1);
    expect(sidebar.opening()).toBeNull();
  });
});
