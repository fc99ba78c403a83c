import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Conversation, User } from '@parley/contract';
import { aConversation, aMessage, aUser } from '../testing/chat-factories';
import { ConversationItem } from './conversation-item.component';

const me = aUser('me', { displayName: 'Me Myself' });
const bob = aUser('bob', { displayName: 'Bob' });
const carol = aUser('carol', { displayName: 'Carol' });
const people = new Map<string, User>([me, bob, carol].map((u) => [u.id, u]));

async function render(conversation: Conversation) {
  TestBed.configureTestingModule({ providers: [provideRouter([])] });
  const fixture = TestBed.createComponent(ConversationItem);
  fixture.componentRef.setInput('conversation', conversation);
  fixture.componentRef.setInput('me', me);
  fixture.componentRef.setInput('people', people);
  fixture.componentRef.setInput('now', new Date('2026-01-01T12:05:00.000Z'));
  await fixture.whenStable();
  const link = (fixture.nativeElement as HTMLElement).querySelector('a')!;
  return { link, text: (selector: string) => link.querySelector(selector)?.textContent?.trim() };
}

describe('ConversationItem', () => {
  it('names a group by its title, with the unread count in the accessible name and a badge', async () => {
    const last = aMessage(3, { conversationId: 'g1', senderId: bob.id, body: 'See you\nthere', createdAt: '2026-01-01T12:00:00.000Z' });
    const { link, text } = await render(aConversation('g1', [me, bob, carol], { title: 'Design team', lastMessage: last, lastSeq: 3, unreadCount: 3 }));
    expect(link.getAttribute('aria-label')).toBe('Design team, 3 unread');
    expect(link.getAttribute('href')).toBe('/chat/g1');
    expect(text('.name')).toBe('Design team');
    expect(text('.sub')).toBe('Bob: See you');
    expect(text('.badge')).toBe('3');
    expect(text('.time')).toBe('5m');
    expect(text('app-avatar')).toBe('DT');
  });

  it('names a direct conversation after the other person, and shows a system line as text', async () => {
    const line = aMessage(2, { conversationId: 'c1', senderId: bob.id, kind: 'system', body: '', system: { type: 'members_added', actorId: bob.id, userIds: [carol.id] } });
    const { link, text } = await render(aConversation('c1', [me, bob], { lastMessage: line, lastSeq: 2 }));
    expect(link.getAttribute('aria-label')).toBe('Bob');
    expect(text('.sub')).toBe('Bob added Carol');
    expect(text('.badge')).toBeUndefined();
  });

  it('prefixes my own last message with "You:"', async () => {
    const mine = aMessage(1, { conversationId: 'c1', senderId: me.id, body: 'on my way' });
    const { text } = await render(aConversation('c1', [me, bob], { lastMessage: mine, lastSeq: 1 }));
    expect(text('.sub')).toBe('You: on my way');
  });
});
