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
    // Named by its text (no aria-label that would differ from what is shown): time and preview are hidden from the name.
    expect(link.hasAttribute('aria-label')).toBe(false);
    expect(link.getAttribute('href')).toBe('/chat/g1');
    expect(text('.name')).toBe('Design team, 3 unread');
    expect(link.querySelector('.time')?.getAttribute('aria-hidden')).toBe('true');
    expect(text('.sub')).toBe('Bob: See you');
    expect(text('.badge')).toBe('3');
    expect(text('.time')).toBe('5m');
    expect(text('app-avatar')).toBe('DT');
  });

  it('names a direct conversation after the other person, and shows a system line as text', async () => {
    const line = aMessage(2, { conversationId: 'c1', senderId: bob.id, kind: 'system', body: '', system: { type: 'members_added', actorId: bob.id, userIds: [carol.id] } });
    const { link, text } = await render(aConversation('c1', [me, bob], { lastMessage: line, lastSeq: 2 }));
    expect(text('.name')).toBe('Bob');
    expect(text('.sub')).toBe('Bob added Carol');
    expect(text('.badge')).toBeUndefined();
  });

  it('prefixes my own last message with "You:"', async () => {
    const mine = aMessage(1, { conversationId: 'c1', senderId: me.id, body: 'on my way' });
    const { text } = await render(aConversation('c1', [me, bob], { lastMessage: mine, lastSeq: 1 }));
    expect(text('.sub')).toBe('You: on my way');
  });

  it('wears the other person’s presence dot, said in words in the description with the preview', async () => {
    const online = aUser('bob', { displayName: 'Bob', online: true, status: 'active' });
    const { link } = await render(aConversation('c1', [me, online], { lastMessage: aMessage(1, { conversationId: 'c1', senderId: 'bob', body: 'hi' }), lastSeq: 1 }));
    expect(link.querySelector('app-presence-dot .dot')?.classList).toContain('active');
    const description = (link.getAttribute('aria-describedby') ?? '').split(' ').map((id) => link.querySelector(`#${id}`)?.textContent?.trim());
    expect(description).toEqual(['Online', 'hi']);
  });

  it('shows a muted conversation’s unread count in grey with a muted icon, and says "Muted"', async () => {
    const { link, text } = await render(aConversation('c1', [me, bob], { lastSeq: 2, unreadCount: 2, muted: true }));
    expect(link.classList).toContain('muted');
    expect(text('.badge')).toBe('2');
    expect(link.querySelector('svg.muted-icon')).not.toBeNull();
    expect(link.querySelector(`#status-c1`)?.textContent).toBe('Offline. Muted');
  });

  it('says who is typing in place of the preview', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(ConversationItem);
    fixture.componentRef.setInput('conversation', aConversation('c1', [me, bob]));
    fixture.componentRef.setInput('me', me);
    fixture.componentRef.setInput('people', people);
    fixture.componentRef.setInput('now', new Date());
    fixture.componentRef.setInput('typing', 'typing…');
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('.sub')?.textContent?.trim()).toBe('typing…');
  });
});
