import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Conversation } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { ConversationsStore } from '../data/conversations.store';
import { UsersStore } from '../data/users.store';
import { ChatLayout } from '../shell/chat-layout.service';
import { aConversation, aUser } from '../testing/chat-factories';
import { NewChatDialog } from './new-chat-dialog.component';

const alice = aUser('alice');
const bob = aUser('bob');

describe('NewChatDialog', () => {
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
    const dialog = TestBed.createComponent(NewChatDialog).componentInstance;
    const first = dialog.open(bob);
    const second = dialog.open(bob);
    answer(aConversation('c1', [alice, bob]));
    await Promise.all([first, second]);
    expect(openWith).toHaveBeenCalledTimes(1);
    expect(dialog.opening()).toBeNull();
  });
});
