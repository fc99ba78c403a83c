import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Provider, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { Conversation, Message } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { UploadsStore } from '../attachments/uploads.store';
import { SocketService } from '../connection/socket.service';
import { ChatApi } from '../data/chat-api';
import { DraftsStore } from '../data/drafts.store';
import { ConversationsStore } from '../data/conversations.store';
import { MessagesStore, Timeline } from '../data/messages.store';
import { OutboxStore } from '../data/outbox.store';
import { ChatLayout } from '../shell/chat-layout.service';
import { ReadTracker } from '../data/read-tracker.service';
import { PageTitle } from '../shell/page-title.service';
import { ConversationPage } from './conversation.page';
import { aConversation as aConversationOf, aMessage, anImage, aUser } from '../testing/chat-factories';
import { MessageActions } from '../messages/message-actions/message-actions.service';
import { TypingSender } from '../typing/typing-sender.service';
import { TypingStore } from '../typing/typing.store';

const alice = aUser('alice');
const bob = aUser('bob');
const aConversation = (id: string): Conversation => aConversationOf(id, [alice, bob]);
const aMessageAt = (seq: number, createdAt: Date): Message => aMessage(seq, { senderId: bob.id, createdAt: createdAt.toISOString() });
const aTimeline = (messages: Message[], overrides: Partial<Timeline> = {}): Timeline => ({
  messages, status: 'ready', hasMoreBefore: false, loadingOlder: false, error: null, ...overrides,
});

/** What the page reads from the store besides the conversation itself. */
const fakeStoreBasics = { removed: signal(new Map()), people: signal(new Map()), totalUnread: signal(0), myLastReadSeq: () => 0 };

/** `known` and `unknown` fake the store; `fetched` is the real store, which has to fetch the conversation from the API. */
async function setup(timelines: Record<string, Timeline>, known: boolean | 'fetched' | { fails: unknown } = true) {
  const conversation = aConversation('c1');
  const conversations: Provider =
    known === 'fetched'
      ? [ConversationsStore, { provide: ChatApi, useValue: { getConversation: async (id: string) => aConversation(id) } }]
      : {
          provide: ConversationsStore,
          useValue: {
            ...fakeStoreBasics,
            ...(typeof known === 'object'
              ? { find: () => undefined, ensure: () => Promise.reject(known.fails) }
              : known
              ? { find: () => conversation, ensure: async () => conversation }
              : { find: () => undefined, ensure: () => new Promise<Conversation>(() => undefined) }),
          },
        };
  const typing = { input: vi.fn(), stop: vi.fn() };
  const messages = { timelines: signal(timelines), open: vi.fn(async (_id: string): Promise<void> => undefined), loadOlder: vi.fn(), retry: vi.fn(), send: vi.fn() };
  TestBed.configureTestingModule({
    imports: [ConversationPage],
    providers: [
      provideRouter([]),
      provideHttpClient(),
      provideHttpClientTesting(),
      UploadsStore,
      ChatLayout,
      { provide: AuthStore, useValue: { user: signal(alice) } },
      conversations,
      { provide: OutboxStore, useValue: { all: signal([]) } },
      { provide: MessagesStore, useValue: messages },
      { provide: ReadTracker, useValue: { seen: vi.fn() } },
      { provide: SocketService, useValue: { state: signal('connected') } },
      DraftsStore,
      { provide: MessageActions, useValue: { edit: vi.fn(), delete: vi.fn(), toggleReaction: vi.fn() } },
      PageTitle,
      { provide: TypingSender, useValue: typing },
      { provide: TypingStore, useValue: { in: () => [] } },
    ],
  });
  // The upload tray is a deferred block: its component resolves asynchronously.
  await TestBed.compileComponents();
  const fixture = TestBed.createComponent(ConversationPage);
  fixture.componentRef.setInput('conversationId', 'c1');
  return { fixture, page: fixture.componentInstance, messages, typing, conversations: TestBed.inject(ConversationsStore) };
}

describe('ConversationPage', () => {
  afterEach(() => vi.useRealTimers());

  it('renders no empty heading while the conversation itself is still loading', async () => {
    const { fixture } = await setup({ c1: aTimeline([], { status: 'loading' }) }, false);
    await fixture.whenStable();
    const headings = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('h1'), (h) => h.textContent?.trim());
    expect(headings.every((text) => !!text)).toBe(true);
  });

  it('shows the conversation as the store holds it now, not the copy it had when it opened', async () => {
    const { fixture, page, conversations } = await setup({ c1: aTimeline([]) }, 'fetched');
    await fixture.whenStable();
    await vi.waitFor(() => expect(page.heading()).toBe('BOB'));

    conversations.upsert({ ...aConversation('c1'), title: 'Weekend plans', lastSeq: 1 });
    await fixture.whenStable();
    expect(page.heading()).toBe('Weekend plans');
    // The header is a child component: its render may land a tick later than the page's own state.
    await vi.waitFor(() => expect((fixture.nativeElement as HTMLElement).querySelector('h1')?.textContent?.trim()).toBe('Weekend plans'));
  });

  it('focuses the composer once a conversation is ready, the first load included, and only once per conversation', async () => {
    const { fixture, messages } = await setup({ c1: aTimeline([], { status: 'loading' }) });
    // As the real store does: the page arrives in a later task, the timeline turns ready and open() resolves at once,
    // before the composer has rendered.
    messages.open.mockImplementation(async (id) => {
      await new Promise((resolve) => setTimeout(resolve));
      messages.timelines.update((all) => ({ ...all, [id]: aTimeline([]) }));
    });
    const host = fixture.nativeElement as HTMLElement;
    const field = () => host.querySelector('textarea');
    await fixture.whenStable();
    await vi.waitFor(() => expect(field()).not.toBeNull());
    await vi.waitFor(() => expect(document.activeElement).toBe(field()));

    // Someone reading the log is not pulled back to the composer by a new message.
    const elsewhere = document.body.appendChild(document.createElement('button'));
    elsewhere.focus();
    messages.timelines.update((all) => ({ ...all, c1: aTimeline([aMessageAt(1, new Date())]) }));
    await fixture.whenStable();
    expect(document.activeElement).toBe(elsewhere);

    fixture.componentRef.setInput('conversationId', 'c2');
    await fixture.whenStable();
    await vi.waitFor(() => expect(document.activeElement).toBe(field()));
    elsewhere.remove();
  });

  it('relabels "Today" as "Yesterday" once midnight passes, without any new message', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(new Date(2026, 0, 10, 23, 58));
    const { page } = await setup({ c1: aTimeline([aMessageAt(1, new Date(2026, 0, 10, 23, 50))]) });
    const dayLabels = () => page.rows().flatMap((row) => (row.kind === 'day' ? [row.label] : []));
    expect(dayLabels()).toEqual(['Today']);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(dayLabels()).toEqual(['Yesterday']);
  });

  it('keeps the "New messages" divider where it was when the conversation opened, while the marker moves on', async () => {
    const history = [aMessageAt(1, new Date()), aMessageAt(2, new Date()), aMessageAt(3, new Date())];
    const { fixture, page, conversations } = await setup({ c1: aTimeline(history) }, 'fetched');
    conversations.upsert({
      ...aConversation('c1'),
      lastSeq: 3,
      unreadCount: 2,
      readState: [
        { userId: alice.id, lastReadSeq: 1 },
        { userId: bob.id, lastReadSeq: 3 },
      ],
    });
    await fixture.whenStable();
    const kinds = () => page.rows().map((row) => (row.kind === 'message' ? row.body : row.kind));
    expect(kinds()).toEqual(['day', 'b1', 'unread', 'b2', 'b3']);
    conversations.applyRead({ conversationId: 'c1', userId: alice.id, lastReadSeq: 3 });
    await fixture.whenStable();
    expect(conversations.find('c1')?.unreadCount).toBe(0);
    expect(kinds()).toEqual(['day', 'b1', 'unread', 'b2', 'b3']);
  });

  it('closes when I am removed, and says why on the home page', async () => {
    const { fixture, conversations } = await setup({ c1: aTimeline([]) }, 'fetched');
    conversations.upsert({ ...aConversation('c1'), kind: 'group', title: 'Design', members: [alice, bob, aUser('carol')] });
    await fixture.whenStable();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    conversations.upsert({ ...aConversation('c1'), kind: 'group', title: 'Design', members: [bob, aUser('carol')], lastSeq: 1 });
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith(['/chat']);
    expect(TestBed.inject(ChatLayout).notice()).toBe('You are no longer a member of “Design”.');
  });

  it('offers the way back, not "Try again", for a conversation that does not exist or is not mine', async () => {
    const notFound = new HttpErrorResponse({ status: 404, error: { statusCode: 404, code: 'NOT_FOUND', message: 'Not found' } });
    const { fixture } = await setup({}, { fails: notFound });
    const host = fixture.nativeElement as HTMLElement;
    await vi.waitFor(() => expect(host.textContent).toContain('This conversation doesn’t exist or you’re not in it.'));
    await fixture.whenStable();
    expect(host.querySelector('a[href="/chat"]')?.textContent).toContain('Back to your conversations');
    expect(Array.from(host.querySelectorAll('button'), (b) => b.textContent)).not.toContain('Try again');
  });

  it('keeps what I typed in one conversation while I visit another', async () => {
    const { fixture } = await setup({ c1: aTimeline([]), c2: aTimeline([]) });
    const host = fixture.nativeElement as HTMLElement;
    const field = () => host.querySelector('textarea')!;
    await vi.waitFor(() => expect(host.querySelector('textarea')).not.toBeNull());
    field().value = 'half a thought';
    field().dispatchEvent(new Event('input'));
    await fixture.whenStable();
    fixture.componentRef.setInput('conversationId', 'c2');
    await fixture.whenStable();
    expect(field().value).toBe('');
    fixture.componentRef.setInput('conversationId', 'c1');
    await fixture.whenStable();
    expect(field().value).toBe('half a thought');
  });

  it('says I am typing as I type, and stops saying so when I send, empty the field, or go to another conversation', async () => {
    const { fixture, typing, messages } = await setup({ c1: aTimeline([]), c2: aTimeline([]) });
    const host = fixture.nativeElement as HTMLElement;
    const field = () => host.querySelector('textarea')!;
    await vi.waitFor(() => expect(host.querySelector('textarea')).not.toBeNull());
    const type = async (text: string) => {
      field().value = text;
      field().dispatchEvent(new Event('input'));
      await fixture.whenStable();
    };
    await type('hel');
    expect(typing.input).toHaveBeenLastCalledWith('c1', 'hel');
    field().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
    expect(messages.send).toHaveBeenCalledWith('c1', 'hel', undefined, []);
    expect(typing.stop).toHaveBeenCalledWith('c1');

    await type('again');
    typing.stop.mockClear();
    fixture.componentRef.setInput('conversationId', 'c2');
    await fixture.whenStable();
    expect(typing.stop).toHaveBeenCalledWith('c1');
  });

  it('uploads files dropped on the conversation into the tray, and sends them with the caption once uploaded', async () => {
    const { fixture, messages } = await setup({ c1: aTimeline([]) });
    const host = fixture.nativeElement as HTMLElement;
    await vi.waitFor(() => expect(host.querySelector('textarea')).not.toBeNull());
    const file = new File(['png'], 'cat.png', { type: 'image/png' });
    const drag = (type: string) => Object.assign(new Event(type, { cancelable: true, bubbles: true }), { dataTransfer: { types: ['Files'], files: [file] } });
    host.dispatchEvent(drag('dragenter'));
    await fixture.whenStable();
    expect(host.querySelector('.drop')?.textContent).toContain('Drop files to send to BOB');
    const drop = drag('drop');
    host.dispatchEvent(drop);
    await fixture.whenStable();
    expect(drop.defaultPrevented).toBe(true);
    expect(host.querySelector('.drop')).toBeNull();
    // The tray's code is a lazy chunk: it appears a moment later.
    await vi.waitFor(() => expect(host.querySelector('[role=progressbar]')?.getAttribute('aria-label')).toBe('Uploading cat.png'));
    const sendButton = host.querySelector<HTMLButtonElement>('button[type=submit]')!;
    expect(sendButton.disabled).toBe(true);
    const upload = TestBed.inject(HttpTestingController).expectOne('/api/uploads');
    expect((upload.request.body as FormData).get('file')).toBeInstanceOf(File);
    upload.flush(anImage('a1'));
    await fixture.whenStable();
    expect(sendButton.disabled).toBe(false);
    const field = host.querySelector('textarea')!;
    field.value = 'look';
    field.dispatchEvent(new Event('input'));
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
    expect(messages.send).toHaveBeenCalledWith('c1', 'look', undefined, [anImage('a1')]);
    await fixture.whenStable();
    expect(host.querySelector('app-upload-tray li')).toBeNull();
  });
});
