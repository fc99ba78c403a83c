import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { Conversation, User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { PageAttention } from '../../core/page-attention';
import { ConversationsStore } from '../data/conversations.store';
import { ChatLayout } from '../shell/chat-layout.service';
import { aConversation, aMessage, aUser } from '../testing/chat-factories';
import { fakeSocket } from '../testing/fake-socket';
import { BROWSER_NOTIFICATIONS, BrowserNotifications, NOTIFICATION_SOUND } from './browser-notifications';
import { NotificationPrefsStore } from './notification-prefs.store';
import { Notifier } from './notifier.service';

const me = aUser('me');
const bob = aUser('bob', { displayName: 'Bob' });

function setup(conversations: Conversation[], { desktop = true, sound = false } = {}) {
  localStorage.clear();
  const { fake, provider } = fakeSocket();
  const shown: { title: string; options: NotificationOptions; click: () => void; close: ReturnType<typeof vi.fn> }[] = [];
  const browser: BrowserNotifications = {
    permission: () => 'granted',
    request: vi.fn(async () => 'granted' as const),
    show: (title, options, click) => {
      const close = vi.fn();
      shown.push({ title, options, click, close });
      return { close } as unknown as Notification;
    },
  };
  const beep = vi.fn();
  const attentive = signal(true);
  const layout = { activeConversationId: signal<string | null>(null) };
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provider,
      Notifier,
      { provide: AuthStore, useValue: { user: signal<User | null>(me) } },
      { provide: PageAttention, useValue: { attentive } },
      { provide: ChatLayout, useValue: layout },
      { provide: BROWSER_NOTIFICATIONS, useValue: browser },
      { provide: NOTIFICATION_SOUND, useValue: beep },
      {
        provide: ConversationsStore,
        useValue: {
          find: (id: string) => conversations.find((c) => c.id === id),
          ensure: (id: string) => Promise.reject(new Error(`no ${id}`)),
          people: signal(new Map([me, bob].map((u) => [u.id, u]))),
        },
      },
    ],
  });
  TestBed.inject(NotificationPrefsStore).update({ desktop, sound });
  TestBed.inject(Notifier);
  const arrive = async (conversationId: string, seq: number, senderId = bob.id) => {
    fake.messages$.next(aMessage(seq, { id: `${conversationId}-${seq}`, conversationId, senderId, body: `hello ${seq}` }));
    await new Promise((resolve) => setTimeout(resolve));
  };
  return { shown, beep, attentive, layout, arrive };
}

describe('Notifier', () => {
  it('shows a notification for a message in a conversation that is not open, and not for the open one I look at', async () => {
    const { shown, layout, arrive } = setup([aConversation('c1', [me, bob]), aConversation('c2', [me, bob])]);
    layout.activeConversationId.set('c2');
    await arrive('c2', 1);
    expect(shown).toEqual([]);
    await arrive('c1', 1);
    expect(shown.map((n) => [n.title, n.options.body, n.options.tag])).toEqual([['Bob', 'hello 1', 'parley-conversation-c1']]);
  });

  it('notifies of the open conversation while the tab is in the background', async () => {
    const { shown, layout, attentive, arrive } = setup([aConversation('c1', [me, bob])]);
    layout.activeConversationId.set('c1');
    attentive.set(false);
    await arrive('c1', 1);
    expect(shown).toHaveLength(1);
  });

  it('stays quiet for muted conversations, my own messages, and a message it has already handled', async () => {
    const { shown, beep, arrive } = setup([aConversation('c1', [me, bob], { muted: true }), aConversation('c2', [me, bob])], { sound: true });
    await arrive('c1', 1);
    await arrive('c2', 1, me.id);
    await arrive('c2', 2);
    await arrive('c2', 2);
    expect(shown).toHaveLength(1);
    expect(beep).toHaveBeenCalledTimes(1);
  });

  it('rings once between tabs: a message another tab already notified of is left alone', async () => {
    const { shown, arrive } = setup([aConversation('c1', [me, bob])]);
    localStorage.setItem('parley.notifiedMessages', JSON.stringify(['c1-1']));
    await arrive('c1', 1);
    await arrive('c1', 2);
    expect(shown.map((n) => n.options.body)).toEqual(['hello 2']);
  });

  it('stays quiet while another tab shows the conversation to me', async () => {
    const { shown, attentive, arrive } = setup([aConversation('c1', [me, bob])]);
    attentive.set(false);
    localStorage.setItem('parley.lookingAt', JSON.stringify({ tab: 'another-tab', conversationId: 'c1', at: Date.now() }));
    await arrive('c1', 1);
    expect(shown).toEqual([]);
  });

  it('beeps without a desktop notification when only the sound is on', async () => {
    const { shown, beep, arrive } = setup([aConversation('c1', [me, bob])], { desktop: false, sound: true });
    await arrive('c1', 1);
    expect(shown).toEqual([]);
    expect(beep).toHaveBeenCalledTimes(1);
  });

  it('opens the conversation when clicked, and takes the notification away once the conversation is looked at', async () => {
    const { shown, layout, arrive } = setup([aConversation('c1', [me, bob])]);
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    vi.spyOn(window, 'focus').mockImplementation(() => undefined);
    await arrive('c1', 1);
    shown[0].click();
    expect(navigate).toHaveBeenCalledWith(['/chat', 'c1']);
    layout.activeConversationId.set('c1');
    TestBed.tick();
    expect(shown[0].close).toHaveBeenCalled();
  });
});
