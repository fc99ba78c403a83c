import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Limits, Message, MessagePage, User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { SocketService } from '../connection/socket.service';
import { aMessage, aUser } from '../testing/chat-factories';
import { ChatApi } from './chat-api';
import { ConversationsStore } from './conversations.store';
import { MessagesStore } from './messages.store';
import { OutboxStore } from './outbox.store';
import { SyncCursorStore } from './sync-cursor.store';

// Jumping to a message far back (a search result, a reply's original): a window around it, not every page down to it.
const me: User = aUser('me');
const PAGE = Limits.messagesPageDefault;
const range = (from: number, to: number): Message[] => Array.from({ length: to - from + 1 }, (_, i) => aMessage(from + i));
const page = (items: Message[], hasMore: boolean): MessagePage => ({ items, hasMore });

function setup() {
  const api = { listMessages: vi.fn<(id: string, query: object) => Promise<MessagePage>>() };
  TestBed.configureTestingModule({
    providers: [
      { provide: ChatApi, useValue: api },
      { provide: SocketService, useValue: { connected: true, send: vi.fn() } },
      { provide: AuthStore, useValue: { user: signal(me) } },
      { provide: ConversationsStore, useValue: { noteMessage: vi.fn(), onDeparture: vi.fn() } },
      { provide: SyncCursorStore, useValue: { ready: () => Promise.resolve() } },
      OutboxStore,
      MessagesStore,
    ],
  });
  const store = TestBed.inject(MessagesStore);
  const timeline = () => store.timelines()['c1'];
  const seqs = () => timeline()?.messages.map((m) => m.seq);
  return { api, store, timeline, seqs };
}

describe('MessagesStore: opening at a message', () => {
  it('loads a page either side of a message that is not held, with before/after around its seq', async () => {
    const { api, store, timeline, seqs } = setup();
    api.listMessages.mockResolvedValueOnce(page(range(51, 100), true)).mockResolvedValueOnce(page(range(101, 150), true));
    await store.openAt('c1', 100);
    expect(api.listMessages).toHaveBeenCalledWith('c1', { before: 101, limit: PAGE });
    expect(api.listMessages).toHaveBeenCalledWith('c1', { after: 100, limit: PAGE });
    expect(api.listMessages).toHaveBeenCalledTimes(2);
    expect(seqs()).toEqual(range(51, 150).map((m) => m.seq));
    expect(timeline()).toMatchObject({ status: 'ready', hasMoreBefore: true, hasMoreAfter: true });
  });

  it('does not fetch anything when the message is already held', async () => {
    const { api, store } = setup();
    api.listMessages.mockResolvedValueOnce(page(range(1, 10), false));
    await store.open('c1');
    await store.openAt('c1', 4);
    expect(api.listMessages).toHaveBeenCalledTimes(1);
  });

  it('keeps live messages beyond the window out of it (no hole), but merges changes to messages inside it', async () => {
    const { api, store, seqs } = setup();
    api.listMessages.mockResolvedValueOnce(page(range(1, 5), false)).mockResolvedValueOnce(page(range(6, 10), true));
    await store.openAt('c1', 5);
    store.ingest(aMessage(300));
    store.ingest(aMessage(3, { body: 'edited', version: 2 }));
    expect(seqs()).toEqual(range(1, 10).map((m) => m.seq));
    expect(store.timelines()['c1'].messages[2].body).toBe('edited');
    expect(api.listMessages).toHaveBeenCalledTimes(2);
  });

  it('loads newer pages as the reader scrolls down, and becomes the live history again at the newest message', async () => {
    const { api, store, timeline, seqs } = setup();
    api.listMessages.mockResolvedValueOnce(page(range(1, 5), false)).mockResolvedValueOnce(page(range(6, 10), true));
    await store.openAt('c1', 5);
    api.listMessages.mockResolvedValueOnce(page(range(11, 12), false)).mockResolvedValue(page([], false));
    await store.loadNewer('c1');
    expect(api.listMessages).toHaveBeenCalledWith('c1', { after: 10, limit: PAGE });
    expect(timeline().hasMoreAfter).toBe(false);
    // Attached again: a live message is merged, and whatever came while the last page was out is fetched.
    store.ingest(aMessage(13));
    expect(seqs()).toEqual(range(1, 13).map((m) => m.seq));
    await vi.waitFor(() => expect(api.listMessages).toHaveBeenCalledWith('c1', { after: 12, limit: 200 }));
  });

  it('"Jump to latest" drops the window for the newest page', async () => {
    const { api, store, timeline, seqs } = setup();
    api.listMessages.mockResolvedValueOnce(page(range(1, 5), false)).mockResolvedValueOnce(page(range(6, 10), true));
    await store.openAt('c1', 5);
    api.listMessages.mockResolvedValueOnce(page(range(251, 300), true));
    await store.showLatest('c1');
    expect(api.listMessages).toHaveBeenLastCalledWith('c1', { limit: PAGE });
    expect(seqs()).toEqual(range(251, 300).map((m) => m.seq));
    expect(timeline().hasMoreAfter).toBe(false);
  });

  it('drops the answer of a plain open that a jump overtook', async () => {
    const { api, store, timeline, seqs } = setup();
    let answerOpen!: (value: MessagePage) => void;
    api.listMessages.mockReturnValueOnce(new Promise((resolve) => (answerOpen = resolve)));
    const opening = store.open('c1');
    api.listMessages.mockResolvedValueOnce(page(range(1, 5), false)).mockResolvedValueOnce(page(range(6, 10), true));
    await store.openAt('c1', 5);
    answerOpen(page(range(251, 300), true));
    await opening;
    expect(seqs()).toEqual(range(1, 10).map((m) => m.seq));
    expect(timeline().hasMoreAfter).toBe(true);
  });
});
