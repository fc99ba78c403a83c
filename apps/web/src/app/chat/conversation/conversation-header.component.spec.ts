import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Conversation, User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { ConversationsStore } from '../data/conversations.store';
import { ChatLayout } from '../shell/chat-layout.service';
import { aConversation, aUser } from '../testing/chat-factories';
import { PresenceStore } from '../presence/presence.store';
import { ConversationHeader } from './conversation-header.component';

const me = aUser('me');
const bob = aUser('bob', { displayName: 'Bob', online: false, lastSeenAt: null });

async function render(conversation: Conversation) {
  const current = signal(conversation);
  const setMuted = vi.fn(async (_id: string, muted: boolean) => {
    current.update((c) => ({ ...c, muted }));
    return current();
  });
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      ChatLayout,
      { provide: AuthStore, useValue: { user: signal<User | null>(me) } },
      { provide: ConversationsStore, useValue: { setMuted } },
    ],
  });
  const fixture = TestBed.createComponent(ConversationHeader);
  fixture.componentRef.setInput('conversation', conversation);
  fixture.componentRef.setInput('me', me);
  await fixture.whenStable();
  const host = fixture.nativeElement as HTMLElement;
  const follow = async () => {
    fixture.componentRef.setInput('conversation', current());
    await fixture.whenStable();
  };
  return { fixture, host, setMuted, follow };
}

const menuItem = (name: RegExp) => Array.from(document.querySelectorAll<HTMLButtonElement>('[role=menuitem]')).find((b) => name.test(b.textContent ?? ''));

describe('ConversationHeader', () => {
  it('says whether the other person is here, and keeps it current', async () => {
    const { fixture, host } = await render(aConversation('c1', [me, bob]));
    expect(host.querySelector('.presence')?.textContent?.trim()).toBe('Offline · @bob');
    TestBed.inject(PresenceStore).apply([{ userId: 'bob', online: true, lastSeenAt: null, status: 'active' }]);
    await fixture.whenStable();
    expect(host.querySelector('.presence')?.textContent?.trim()).toBe('Active now · @bob');
    TestBed.inject(PresenceStore).apply([{ userId: 'bob', online: true, lastSeenAt: null, status: 'away' }]);
    await fixture.whenStable();
    expect(host.querySelector('.presence')?.textContent?.trim()).toBe('Away · @bob');
  });

  it('mutes and unmutes from the "More actions" menu, with a muted icon while muted', async () => {
    const { fixture, host, setMuted, follow } = await render(aConversation('c1', [me, bob]));
    expect(host.querySelector('[aria-label="Muted"]')).toBeNull();
    host.querySelector<HTMLButtonElement>('button[title="More actions"]')!.click();
    await fixture.whenStable();
    menuItem(/^\s*Mute conversation\s*$/)!.click();
    await vi.waitFor(() => expect(setMuted).toHaveBeenCalledWith('c1', true));
    await follow();
    expect(host.querySelector('[aria-label="Muted"]')).not.toBeNull();

    host.querySelector<HTMLButtonElement>('button[title="More actions"]')!.click();
    await fixture.whenStable();
    menuItem(/Unmute conversation/)!.click();
    await vi.waitFor(() => expect(setMuted).toHaveBeenLastCalledWith('c1', false));
  });
});
