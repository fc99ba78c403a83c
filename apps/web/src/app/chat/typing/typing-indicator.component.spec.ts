import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { User } from '@parley/contract';
import { ConversationsStore } from '../data/conversations.store';
import { aUser } from '../testing/chat-factories';
import { fakeSocket } from '../testing/fake-socket';
import { TypingIndicator } from './typing-indicator.component';
import { TypingStore } from './typing.store';

describe('TypingIndicator', () => {
  it('is a polite live region that is there before anyone types, naming who types here', async () => {
    const { fake, provider } = fakeSocket();
    const people = signal(new Map<string, User>([['alice', aUser('alice', { displayName: 'Alice' })]]));
    TestBed.configureTestingModule({ providers: [provider, TypingStore, { provide: ConversationsStore, useValue: { people } }] });
    const fixture = TestBed.createComponent(TypingIndicator);
    fixture.componentRef.setInput('conversationId', 'c1');
    await fixture.whenStable();
    const region = (fixture.nativeElement as HTMLElement).querySelector('[aria-live]')!;
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent?.trim()).toBe('');

    fake.typing$.next({ conversationId: 'c2', userId: 'alice', typing: true });
    await fixture.whenStable();
    expect(region.textContent?.trim()).toBe('');
    fake.typing$.next({ conversationId: 'c1', userId: 'alice', typing: true });
    fake.typing$.next({ conversationId: 'c1', userId: 'zed', typing: true });
    await fixture.whenStable();
    expect(region.textContent?.trim()).toBe('Alice and Someone are typing…');
  });
});
