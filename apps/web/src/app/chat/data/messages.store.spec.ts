import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Limits, Message, MessagePage, SendMessageAck, User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { SocketService } from '../connection/socket.service';
import { ChatApi } from './chat-api';
import { ConversationsStore } from './conversations.store';
import { MessagesStore } from './messages.store';
import { OutboxStore } from './outbox.store';
import { SyncCursorStore } from './sync-cursor.store';
import { aFile, aMessage, anImage } from '../testing/chat-factories';

const me: User = { id: 'me', username: 'me', displayName: 'Me', createdAt: '2026-01-01T00:00:00.000Z', online: false, lastSeenAt: null };
const message = (seq: number, overrides: Partial<Message> = {}): Message =>
  aMessage(seq, { senderId: 'other', body: `body ${seq}`, createdAt: '2026-01-01T12:00:00.000Z', ...overrides });
const page = (items: Message[], hasMore = false): MessagePage => ({ items, hasMore });

function setup() {
  localStorage.clear();
  const api = { listMessages: vi.fn<(id: string, q: object) => Promise<MessagePage>>() };
  const socket = { connected: true, send: vi.fn<(p: object) => Promise<SendMessageAck>>() };
  const departures: ((conversationId: string) => void)[] = [];
  const conversations = { noteMessage: vi.fn(), onDeparture: (listener: (id: string) => void) => departures.push(listener) };
  TestBed.configureTestingModule({
    providers: [
      { provide: ChatApi, useValue: api },
      { provide: SocketService, useValue: socket },
      { provide: AuthStore, useValue: { user: signal(me) } },
      { provide: ConversationsStore, useValue: conversations },
      OutboxStore,
      MessagesStore,
      SyncCursorStore,
    ],
  });
  const outbox = TestBed.inject(OutboxStore);
  outbox.load(me.id);
  const store = TestBed.inject(MessagesStore);
  const seqs = () => store.timelines()['c1']?.messages.map((m) => m.seq);
  const depart = (conversationId: string) => departures.forEach((listener) => listener(conversationId));
  return { api, socket, store, outbox, seqs, depart };
}

describe('MessagesStore', () => {
  it('opens a conversation with its latest page', async () => {
    const { api, store, seqs } = setup();
    api.listMessages.mockResolvedValueOnce(page([message(3), message(4)], true));
    await store.open('c1');
    expect(api.listMessages).toHaveBeenCalledWith('c1', { limit: Limits.messagesPageDefault });
    expect(seqs()).toEqual([3, 4]);
    expect(store.timelines()['c1'].hasMoreBefore).toBe(true);
  });

  it('drops a conversation’s history when I leave it or am removed, and loads it afresh when I am back', async () => {
    const { api, store, seqs, depart } = setup();
    api.listMessages.mockResolvedValueOnce(page([message(1), message(2)]));
    await store.open('c1');
    depart('c1');
    expect(store.timelines()['c1']).toBeUndefined();
    // Deleted while I was out: the fresh page, not the copy I held, is what shows.
    api.listMessages.mockResolvedValueOnce(page([message(1), message(2, { body: '', deletedAt: '2026-01-02T00:00:00.000Z', version: 2 })]));
    await store.open('c1');
    expect(seqs()).toEqual([1, 2]);
    expect(store.timelines()['c1'].messages[1].deletedAt).not.toBeNull();
  });

  it('ignores the answer of a load that was under way when I left', async () => {
    const { api, store, depart } = setup();
    let answer!: (value: MessagePage) => void;
    api.listMessages.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const opening = store.open('c1');
    await vi.waitFor(() => expect(api.listMessages).toHaveBeenCalled());
    depart('c1');
    answer(page([message(1)]));
    await opening;
    expect(store.timelines()['c1']).toBeUndefined();
  });

  it('merges live messages once, even when they also arrive by catch-up', async () => {
    const { api, store, seqs } = setup();
    api.listMessages.mockResolvedValueOnce(page([message(1)]));
    await store.open('c1');
    store.ingest(message(2));
    store.ingest(message(2));
    api.listMessages.mockResolvedValueOnce(page([message(2), message(3)]));
    await store.catchUpAll();
    expect(api.listMessages).toHaveBeenLastCalledWith('c1', { after: 2, limit: 200 });
    expect(seqs()).toEqual([1, 2, 3]);
  });

  it('fills a gap seen live by fetching after the last contiguous seq', async () => {
    const { api, store, seqs } = setup();
    api.listMessages.mockResolvedValueOnce(page([message(1), message(2)]));
    await store.open('c1');
    api.listMessages.mockResolvedValueOnce(page([message(3), message(4), message(5)]));
    store.ingest(message(5));
    await vi.waitFor(() => expect(seqs()).toEqual([1, 2, 3, 4, 5]));
    expect(api.listMessages).toHaveBeenLastCalledWith('c1', { after: 2, limit: 200 });
  });

  it('repairs a hole that a live message opens while the repair fetch is on its last request', async () => {
    const { api, store, seqs } = setup();
    api.listMessages.mockResolvedValueOnce(page([message(1), message(2)]));
    await store.open('c1');
    let answer!: (value: MessagePage) => void;
    api.listMessages.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    store.ingest(message(5));
    await vi.waitFor(() => expect(api.listMessages).toHaveBeenLastCalledWith('c1', { after: 2, limit: 200 }));
    store.ingest(message(8));
    api.listMessages.mockResolvedValueOnce(page([message(6), message(7), message(8)]));
    answer(page([message(3), message(4), message(5)]));
    await vi.waitFor(() => expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(api.listMessages).toHaveBeenLastCalledWith('c1', { after: 5, limit: 200 });
  });

  it('takes a send out of the outbox when its stored copy comes back in a history page, not only live', async () => {
    const { api, socket, store, outbox, seqs } = setup();
    socket.connected = false;
    store.send('c1', 'sent before the ack was lost');
    const id = outbox.all()[0].clientMessageId;
    api.listMessages.mockResolvedValueOnce(page([message(1, { senderId: me.id, clientMessageId: id })]));
    await store.open('c1');
    expect(seqs()).toEqual([1]);
    expect(outbox.all()).toEqual([]);
  });

  it('keeps catching up while the server says there is more', async () => {
    const { api, store, seqs } = setup();
    api.listMessages.mockResolvedValueOnce(page([message(1)]));
    await store.open('c1');
    api.listMessages.mockResolvedValueOnce(page([message(2)], true)).mockResolvedValueOnce(page([message(3)]));
    await store.catchUp('c1');
    expect(seqs()).toEqual([1, 2, 3]);
  });

  it('shows a send as pending, then replaces it with the acknowledged message', async () => {
    const { api, socket, store, outbox, seqs } = setup();
    api.listMessages.mockResolvedValueOnce(page([]));
    await store.open('c1');
    let ack!: (value: SendMessageAck) => void;
    socket.send.mockReturnValueOnce(new Promise((resolve) => (ack = resolve)));
    store.send('c1', 'hello');
    const [pending] = outbox.all();
    expect(pending).toMatchObject({ conversationId: 'c1', body: 'hello', state: 'sending' });
    ack({ ok: true, message: message(1, { senderId: me.id, clientMessageId: pending.clientMessageId, body: 'hello' }) });
    await vi.waitFor(() => expect(outbox.all()).toEqual([]));
    expect(seqs()).toEqual([1]);
  });

  it('backs off and resends a send refused as SERVICE_UNAVAILABLE or RATE_LIMITED, without marking it failed', async () => {
    const { socket, store, outbox } = setup();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      socket.send.mockResolvedValueOnce({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'down' } });
      socket.send.mockResolvedValueOnce({ ok: false, error: { code: 'RATE_LIMITED', message: 'slow down' } });
      store.send('c1', 'hello');
      const id = outbox.all()[0].clientMessageId;
      await vi.advanceTimersByTimeAsync(2_000);
      expect(socket.send).toHaveBeenCalledTimes(2);
      expect(outbox.all()[0]).toMatchObject({ state: 'sending' });
      socket.send.mockResolvedValueOnce({ ok: true, message: message(1, { senderId: me.id, clientMessageId: id }) });
      await vi.advanceTimersByTimeAsync(4_000);
      expect(socket.send).toHaveBeenCalledTimes(3);
      expect(socket.send).toHaveBeenNthCalledWith(3, { conversationId: 'c1', body: 'hello', clientMessageId: id });
      expect(outbox.all()).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets a send’s retry count once it is acknowledged', async () => {
    const { socket, store, outbox } = setup();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      socket.send.mockResolvedValueOnce({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'down' } });
      store.send('c1', 'hello');
      const id = outbox.all()[0].clientMessageId;
      await vi.advanceTimersByTimeAsync(0);
      expect(store['attempts'].get(id)).toBe(1);
      socket.send.mockResolvedValueOnce({ ok: true, message: message(1, { senderId: me.id, clientMessageId: id }) });
      await vi.advanceTimersByTimeAsync(2_000);
      expect(outbox.all()).toEqual([]);
      expect(store['attempts'].size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('marks a send refused for good (e.g. VALIDATION_FAILED) failed at once, and retries it with the same clientMessageId', async () => {
    const { socket, store, outbox } = setup();
    socket.send.mockResolvedValueOnce({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'down' } });
    store.send('c1', 'hello');
    await vi.waitFor(() => expect(outbox.all()[0]).toMatchObject({ state: 'failed', error: 'down' }));
    const id = outbox.all()[0].clientMessageId;
    socket.send.mockResolvedValueOnce({ ok: true, message: message(1, { senderId: me.id, clientMessageId: id }) });
    store.retry(id);
    await vi.waitFor(() => expect(outbox.all()).toEqual([]));
    expect(socket.send).toHaveBeenNthCalledWith(2, { conversationId: 'c1', body: 'hello', clientMessageId: id });
  });

  it('sends uploaded files as attachmentIds (an empty caption allowed), kept in the outbox for the pending row and a resend', async () => {
    const { socket, store, outbox } = setup();
    socket.connected = false;
    store.send('c1', '', undefined, [anImage('a1'), aFile('a2')]);
    expect(JSON.parse(localStorage.getItem('parley.outbox.me')!)).toMatchObject([{ body: '', attachments: [{ id: 'a1' }, { id: 'a2' }] }]);
    socket.connected = true;
    const id = outbox.all()[0].clientMessageId;
    socket.send.mockResolvedValueOnce({ ok: true, message: message(1, { senderId: me.id, clientMessageId: id, body: '', attachments: [anImage('a1'), aFile('a2')] }) });
    store.flushOutbox();
    await vi.waitFor(() => expect(outbox.all()).toEqual([]));
    expect(socket.send).toHaveBeenCalledWith({ conversationId: 'c1', body: '', clientMessageId: id, attachmentIds: ['a1', 'a2'] });
  });

  it('holds sends while offline and flushes them on connect, persisting them meanwhile', async () => {
    const { socket, store, outbox } = setup();
    socket.connected = false;
    store.send('c1', 'later');
    expect(socket.send).not.toHaveBeenCalled();
    expect(JSON.parse(localStorage.getItem('parley.outbox.me')!)).toMatchObject([{ body: 'later', state: 'sending' }]);
    socket.connected = true;
    const id = outbox.all()[0].clientMessageId;
    socket.send.mockResolvedValueOnce({ ok: true, message: message(7, { senderId: me.id, clientMessageId: id }) });
    store.flushOutbox();
    await vi.waitFor(() => expect(outbox.all()).toEqual([]));
    expect(localStorage.getItem('parley.outbox.me')).toBeNull();
  });

  it('holds messages that arrive while the first page loads, and repairs a hole they leave', async () => {
    const { api, store, seqs } = setup();
    let answer!: (value: MessagePage) => void;
    api.listMessages.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const opening = store.open('c1');
    await vi.waitFor(() => expect(api.listMessages).toHaveBeenCalledTimes(1));
    store.ingest(message(5));
    api.listMessages.mockResolvedValueOnce(page([message(3), message(4), message(5)]));
    answer(page([message(1), message(2)]));
    await opening;
    await vi.waitFor(() => expect(seqs()).toEqual([1, 2, 3, 4, 5]));
    expect(api.listMessages).toHaveBeenLastCalledWith('c1', { after: 2, limit: 200 });
  });

  it('fetches from the start when a history known to be complete gets a live message that skips ahead', async () => {
    const { api, store, seqs } = setup();
    api.listMessages.mockResolvedValueOnce(page([]));
    await store.open('c1');
    api.listMessages.mockResolvedValueOnce(page([message(1), message(2), message(3)]));
    store.ingest(message(3));
    await vi.waitFor(() => expect(seqs()).toEqual([1, 2, 3]));
    expect(api.listMessages).toHaveBeenLastCalledWith('c1', { after: 0, limit: 200 });
  });
});
