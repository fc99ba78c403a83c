import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Conversation, Message, User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { ConversationsStore } from '../data/conversations.store';
import { MessagesStore, Timeline } from '../data/messages.store';
import { OutboxStore } from '../data/outbox.store';
import { ChatLayout } from '../shell/chat-layout.service';
import { ConversationPage } from './conversation.page';

const aUser = (id: string): User => ({ id, username: id, displayName: id.toUpperCase(), createdAt: '2026-01-01T00:00:00.000Z' });
const alice = aUser('alice');
const bob = aUser('bob');
const aConversation = (id: string): Conversation => ({
  id,
  kind: 'direct',
  title: null,
  members: [alice, bob],
  lastMessage: null,
  lastSeq: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const aMessage = (seq: number, createdAt: Date): Message => ({
  id: `m${seq}`, conversationId: 'c1', senderId: bob.id, body: `b${seq}`, clientMessageId: `cm${seq}`, seq, createdAt: createdAt.toISOString(),
});
const aTimeline = (messages: Message[], overrides: Partial<Timeline> = {}): Timeline => ({
  messages, status: 'ready', hasMoreBefore: false, loadingOlder: false, error: null, ...overrides,
});

function setup(timelines: Record<string, Timeline>, known = true) {
  const conversation = aConversation('c1');
  const conversations = known
    ? { find: () => conversation, ensure: async () => conversation }
    : { find: () => undefined, ensure: () => new Promise<Conversation>(() => undefined) };
  const messages = { timelines: signal(timelines), open: vi.fn(async () => undefined), loadOlder: vi.fn(), retry: vi.fn(), send: vi.fn() };
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      ChatLayout,
      { provide: AuthStore, useValue: { user: signal(alice) } },
      { provide: ConversationsStore, useValue: conversations },
      { provide: OutboxStore, useValue: { all: signal([]) } },
      { provide: MessagesStore, useValue: messages },
    ],
  });
  const fixture = TestBed.createComponent(ConversationPage);
  fixture.componentRef.setInput('conversationId', 'c1');
  return { fixture, page: fixture.componentInstance, messages };
}

describe('ConversationPage', () => {
  afterEach(() => vi.useRealTimers());

  it('renders no empty heading while the conversation itself is still loading', async () => {
    const { fixture } = setup({ c1: aTimeline([], { status: 'loading' }) }, false);
    await fixture.whenStable();
    const headings = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('h1'), (h) => h.textContent?.trim());
    expect(headings.every((text) => !!text)).toBe(true);
  });

  it('relabels "Today" as "Yesterday" once midnight passes, without any new message', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(new Date(2026, 0, 10, 23, 58));
    const { page } = setup({ c1: aTimeline([aMessage(1, new Date(2026, 0, 10, 23, 50))]) });
    const dayLabels = () => page.rows().flatMap((row) => (row.kind === 'day' ? [row.label] : []));
    expect(dayLabels()).toEqual(['Today']);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(dayLabels()).toEqual(['Yesterday']);
  });
});
