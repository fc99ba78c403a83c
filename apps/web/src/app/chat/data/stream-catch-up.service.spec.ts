import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { createEnvironmentInjector, EnvironmentInjector, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Conversation, Message, SendMessageAck, SyncResponse, User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { SocketService } from '../connection/socket.service';
import { ConversationsStore } from './conversations.store';
import { MessagesStore } from './messages.store';
import { OutboxStore } from './outbox.store';
import { MAX_SYNC_REQUESTS, StreamCatchUp, SYNC_PAGE, SYNC_RETRY_DELAYS_MS } from './stream-catch-up.service';
import { SyncCursorStore } from './sync-cursor.store';
import { UsersStore } from './users.store';
import { aMessage as aChatMessage } from '../testing/chat-factories';

// Small typed factories and a TestBed with the real stores over HttpTestingController.
const aUser = (id: string): User => ({ id, username: id, displayName: id.toUpperCase(), createdAt: '2026-01-01T00:00:00.000Z', online: false, lastSeenAt: null });
const me = aUser('me');

const aMessage = (conversationId: string, seq: number, overrides: Partial<Message> = {}): Message =>
  aChatMessage(seq, {
    id: `${conversationId}-m${seq}`,
    conversationId,
    senderId: 'other',
    body: `body ${seq}`,
    clientMessageId: `${conversationId}-cm${seq}`,
    createdAt: `2026-01-01T12:00:${String(seq % 60).padStart(2, '0')}.000Z`,
    ...overrides,
  });

const aConversation = (id: string, other: User, last: Message | null = null): Conversation => ({
  id,
  kind: 'direct',
  title: null,
  createdBy: me.id,
  members: [me, other],
  lastMessage: last,
  lastSeq: last?.seq ?? 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: last?.createdAt ?? '2026-01-01T00:00:00.000Z',
  unreadCount: 0,
  readState: [
    { userId: me.id, lastReadSeq: 0 },
    { userId: other.id, lastReadSeq: 0 },
  ],
  muted: false,
});

const aSyncPage = (messages: Message[], cursor: string, hasMore = false, conversations: Conversation[] = [], removedConversationIds: string[] = []): SyncResponse => ({
  messages,
  conversations,
  removedConversationIds,
  cursor,
  hasMore,
});

/** The per-session stores (as the chat shell provides them), with the fake socket the TestBed provides. */
const sessionStores = [ConversationsStore, MessagesStore, OutboxStore, UsersStore, SyncCursorStore, StreamCatchUp];

function configureSyncTestBed() {
  localStorage.clear();
  const socket = { connected: true, send: vi.fn<(p: object) => Promise<SendMessageAck>>() };
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: AuthStore, useValue: { user: signal(me) } },
      { provide: SocketService, useValue: socket },
      ...sessionStores,
    ],
  });
  return { http: TestBed.inject(HttpTestingController), socket };
}

/** Waits for the one open request that matches (the stores chain promises, so requests appear a few ticks later). */
function nextRequest(http: HttpTestingController, url: string, params: Record<string, string | null> = {}): Promise<TestRequest> {
  return vi.waitFor(() =>
    http.expectOne(
      (req) => req.url === url && Object.entries(params).every(([key, value]) => req.params.get(key) === value),
      `${url} ${JSON.stringify(params)}`,
    ),
  );
}

const SYNC = '/api/sync';
const CURSOR_KEY = 'parley.syncCursor.me';
const gail = aUser('gail');
const otto = aUser('otto');

let current: { http: HttpTestingController; catchUp: StreamCatchUp } | null = null;

function setup(storedCursor: string | null) {
  const { http, socket } = configureSyncTestBed();
  if (storedCursor !== null) localStorage.setItem(CURSOR_KEY, storedCursor);
  const cursor = TestBed.inject(SyncCursorStore);
  const messages = TestBed.inject(MessagesStore);
  const conversations = TestBed.inject(ConversationsStore);
  const outbox = TestBed.inject(OutboxStore);
  const users = TestBed.inject(UsersStore);
  const catchUp = TestBed.inject(StreamCatchUp);
  outbox.load(me.id);
  const seqs = (id: string) => messages.timelines()[id]?.messages.map((m) => m.seq);
  /** Opens a conversation's history with the given messages (the cursor must already be known). */
  const openWith = async (id: string, items: Message[]) => {
    conversations.upsert(aConversation(id, otto, items.at(-1) ?? null));
    const opening = messages.open(id);
    (await nextRequest(http, `/api/conversations/${id}/messages`, { limit: '50' })).flush({ items, hasMore: false });
    await opening;
  };
  current = { http, catchUp };
  return { http, socket, cursor, messages, conversations, outbox, users, catchUp, seqs, openWith };
}

afterEach(() => {
  vi.useRealTimers();
  current?.catchUp.ngOnDestroy();
  // Every request a test caused was expected and answered.
  current?.http.verify();
  current = null;
});

describe('SyncCursorStore', () => {
  it('asks for the current cursor on first use and keeps it per user in localStorage', async () => {
    const { http, cursor } = setup(null);
    const beginning = cursor.begin(me.id);
    const request = await nextRequest(http, SYNC);
    expect(request.request.params.has('since')).toBe(false);
    request.flush(aSyncPage([], '42'));
    await beginning;
    expect(cursor.cursor()).toBe('42');
    expect(localStorage.getItem(CURSOR_KEY)).toBe('42');
    expect(localStorage.getItem('parley.syncCursor.someone-else')).toBeNull();
  });

  it('resumes the stored cursor after a reload without asking the server', async () => {
    const { http, cursor } = setup('17');
    await cursor.begin(me.id);
    expect(cursor.cursor()).toBe('17');
    http.expectNone((req) => req.url === SYNC);
  });

  it('holds history loads until the cursor is known, so nothing stored in between is missed', async () => {
    const { http, cursor, messages, conversations, seqs } = setup(null);
    conversations.upsert(aConversation('c1', otto)); // the page ensures the conversation before opening its history
    void cursor.begin(me.id);
    const opening = messages.open('c1');
    const cursorRequest = await nextRequest(http, SYNC);
    http.expectNone((req) => req.url === '/api/conversations/c1/messages');
    cursorRequest.flush(aSyncPage([], '5'));
    (await nextRequest(http, '/api/conversations/c1/messages')).flush({ items: [aMessage('c1', 1)], hasMore: false });
    await opening;
    expect(seqs('c1')).toEqual([1]);
  });
});

describe('StreamCatchUp', () => {
  it('calls sync while hasMore, merging each page and advancing the cursor from the responses only', async () => {
    const { http, cursor, catchUp, messages, seqs, openWith } = setup('10');
    await cursor.begin(me.id);
    await openWith('c1', [aMessage('c1', 1), aMessage('c1', 2)]);
    const running = catchUp.run();
    (await nextRequest(http, SYNC, { since: '10', limit: String(SYNC_PAGE) })).flush(aSyncPage([aMessage('c1', 3)], '20', true));
    (await nextRequest(http, SYNC, { since: '20' })).flush(aSyncPage([aMessage('c1', 4)], '25'));
    await running;
    expect(seqs('c1')).toEqual([1, 2, 3, 4]);
    expect(cursor.cursor()).toBe('25');
    expect(localStorage.getItem(CURSOR_KEY)).toBe('25');

    // A live message does not move the cursor: only the server's sync answer can.
    messages.ingest(aMessage('c1', 5));
    expect(seqs('c1')).toEqual([1, 2, 3, 4, 5]);
    expect(cursor.cursor()).toBe('25');
  });

  it('merges live events and sync pages by seq: nothing twice, in order, and our acknowledged sends leave the outbox', async () => {
    const { http, cursor, catchUp, messages, outbox, seqs, openWith } = setup('10');
    await cursor.begin(me.id);
    await openWith('c1', [aMessage('c1', 1), aMessage('c1', 2)]);
    outbox.add({ clientMessageId: 'mine-1', conversationId: 'c1', body: 'hi', createdAt: '2026-01-01T12:00:00.000Z', state: 'sending' });
    const running = catchUp.run();
    const request = await nextRequest(http, SYNC, { since: '10' });
    messages.ingest(aMessage('c1', 4)); // live, while the sync is on its way
    const mine = aMessage('c1', 3, { senderId: me.id, clientMessageId: 'mine-1', body: 'hi' });
    request.flush(aSyncPage([aMessage('c1', 2), mine, aMessage('c1', 4)], '30'));
    await running;
    expect(seqs('c1')).toEqual([1, 2, 3, 4]);
    expect(messages.timelines()['c1'].messages.map((m) => m.id)).toEqual(['c1-m1', 'c1-m2', 'c1-m3', 'c1-m4']);
    expect(outbox.all()).toEqual([]);
    // The live seq 4 left a hole at 3, which the history API was asked to fill; the sync filled it too.
    const repair = http.match((req) => req.url === '/api/conversations/c1/messages' && req.params.get('after') === '2');
    expect(repair).toHaveLength(1);
    repair.forEach((r) => r.flush({ items: [aMessage('c1', 3), aMessage('c1', 4)], hasMore: false }));
    await vi.waitFor(() => expect(seqs('c1')).toEqual([1, 2, 3, 4]));
  });

  it('adds conversations created while away, with their people, without extra requests', async () => {
    const { http, cursor, catchUp, conversations, users } = setup('10');
    await cursor.begin(me.id);
    const hello = aMessage('c2', 1, { senderId: gail.id, body: 'hello from gail' });
    const running = catchUp.run();
    (await nextRequest(http, SYNC, { since: '10' })).flush(aSyncPage([hello], '11', false, [aConversation('c2', gail, hello)]));
    await running;
    expect(conversations.find('c2')).toMatchObject({ lastSeq: 1, lastMessage: { body: 'hello from gail' } });
    expect(conversations.byOtherUser().get(gail.id)?.id).toBe('c2');
    expect(users.items().map((u) => u.id)).toEqual([gail.id]);
  });

  it('keeps a newer preview when a sync page carries an older copy of the conversation', async () => {
    const { http, cursor, catchUp, conversations, messages } = setup('10');
    await cursor.begin(me.id);
    const first = aMessage('c2', 1, { senderId: gail.id });
    const running = catchUp.run();
    const request = await nextRequest(http, SYNC, { since: '10' });
    conversations.upsert(aConversation('c2', gail, first));
    messages.ingest(aMessage('c2', 2, { senderId: gail.id, body: 'newer, live' }));
    request.flush(aSyncPage([first], '11', false, [aConversation('c2', gail, first)]));
    await running;
    expect(conversations.find('c2')?.lastMessage?.body).toBe('newer, live');
  });

  it('forgets conversations I was removed from while away, but not one I was added back to', async () => {
    const { http, cursor, catchUp, conversations } = setup('10');
    await cursor.begin(me.id);
    conversations.upsert(aConversation('c1', otto));
    conversations.upsert(aConversation('c2', gail));
    const running = catchUp.run();
    const back = aMessage('c2', 3, { senderId: gail.id });
    (await nextRequest(http, SYNC, { since: '10' })).flush(aSyncPage([], '12', false, [aConversation('c2', gail, back)], ['c1', 'c2']));
    await running;
    expect(conversations.find('c1')).toBeUndefined();
    expect(conversations.removed().has('c1')).toBe(true);
    expect(conversations.find('c2')).toMatchObject({ lastSeq: 3 });
  });

  it('drops the history held of a conversation I was removed from and added back to while away (what changed meanwhile never reached me)', async () => {
    const { http, cursor, catchUp, messages, seqs, openWith } = setup('10');
    await cursor.begin(me.id);
    await openWith('c2', [aMessage('c2', 1), aMessage('c2', 2)]);
    const running = catchUp.run();
    const back = aMessage('c2', 4, { senderId: gail.id });
    (await nextRequest(http, SYNC, { since: '10' })).flush(aSyncPage([back], '12', false, [aConversation('c2', gail, back)], ['c2']));
    await running;
    expect(seqs('c2')).toBeUndefined();
    const reopening = messages.open('c2');
    (await nextRequest(http, '/api/conversations/c2/messages', { limit: '50' })).flush({
      items: [aMessage('c2', 1), aMessage('c2', 2, { version: 2, body: '', deletedAt: '2026-01-02T00:00:00.000Z' }), aMessage('c2', 3), back],
      hasMore: false,
    });
    await reopening;
    expect(messages.timelines()['c2'].messages.map((m) => [m.seq, m.body])).toEqual([
      [1, 'body 1'],
      [2, ''],
      [3, 'body 3'],
      [4, back.body],
    ]);
  });

  it('replaces a held message with the higher version a sync page carries', async () => {
    const { http, cursor, catchUp, messages, openWith } = setup('10');
    await cursor.begin(me.id);
    await openWith('c1', [aMessage('c1', 1), aMessage('c1', 2)]);
    const running = catchUp.run();
    (await nextRequest(http, SYNC, { since: '10' })).flush(aSyncPage([aMessage('c1', 2, { version: 2, body: 'edited' }), aMessage('c1', 1)], '11'));
    await running;
    expect(messages.timelines()['c1'].messages.map((m) => [m.seq, m.body, m.version])).toEqual([
      [1, 'body 1', 1],
      [2, 'edited', 2],
    ]);
  });

  it(`stops after ${MAX_SYNC_REQUESTS} requests when still behind, and starts afresh from a new cursor`, async () => {
    const { http, cursor, catchUp, seqs, openWith } = setup('1');
    await cursor.begin(me.id);
    await openWith('c1', [aMessage('c1', 1)]);
    const running = catchUp.run();
    for (let n = 1; n <= MAX_SYNC_REQUESTS; n++) {
      (await nextRequest(http, SYNC, { since: String(n) })).flush(aSyncPage([aMessage('c1', n + 1)], String(n + 1), true));
    }
    const fresh = await nextRequest(http, SYNC, { since: null });
    fresh.flush(aSyncPage([], '5000'));
    (await nextRequest(http, '/api/conversations')).flush({ items: [aConversation('c1', otto)], nextCursor: null });
    (await nextRequest(http, '/api/conversations/c1/messages', { after: String(MAX_SYNC_REQUESTS + 1) })).flush({
      items: [aMessage('c1', MAX_SYNC_REQUESTS + 2)],
      hasMore: false,
    });
    await running;
    expect(seqs('c1')).toEqual(Array.from({ length: MAX_SYNC_REQUESTS + 2 }, (_, i) => i + 1));
    expect(cursor.cursor()).toBe('5000');
  });

  it('falls back to a fresh cursor plus per-conversation catch-up when the cursor is rejected (400)', async () => {
    const { http, cursor, catchUp, seqs, openWith } = setup('not-a-cursor');
    await cursor.begin(me.id);
    await openWith('c1', [aMessage('c1', 1), aMessage('c1', 2)]);
    const running = catchUp.run();
    (await nextRequest(http, SYNC, { since: 'not-a-cursor' })).flush(
      { statusCode: 400, error: 'Bad Request', message: 'Validation failed', code: 'VALIDATION_FAILED', details: [{ field: 'since', message: 'is not a cursor this API issued' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    (await nextRequest(http, SYNC, { since: null })).flush(aSyncPage([], '77'));
    const hello = aMessage('c2', 1, { senderId: gail.id });
    (await nextRequest(http, '/api/conversations')).flush({ items: [aConversation('c2', gail, hello), aConversation('c1', otto)], nextCursor: null });
    (await nextRequest(http, '/api/conversations/c1/messages', { after: '2' })).flush({ items: [aMessage('c1', 3)], hasMore: false });
    await running;
    expect(seqs('c1')).toEqual([1, 2, 3]);
    expect(cursor.cursor()).toBe('77');
    expect(localStorage.getItem(CURSOR_KEY)).toBe('77');
    expect(TestBed.inject(ConversationsStore).find('c2')).toBeDefined();
  });

  it('retries a failed sync with backoff from the same cursor', async () => {
    const { http, cursor, catchUp, seqs, openWith } = setup('10');
    await cursor.begin(me.id);
    await openWith('c1', [aMessage('c1', 1)]);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const running = catchUp.run();
    (await nextRequest(http, SYNC, { since: '10' })).error(new ProgressEvent('error'));
    await running;
    expect(cursor.cursor()).toBe('10');
    await vi.advanceTimersByTimeAsync(999);
    http.expectNone((req) => req.url === SYNC);
    await vi.advanceTimersByTimeAsync(1);
    (await nextRequest(http, SYNC, { since: '10' })).flush(aSyncPage([aMessage('c1', 2)], '12'));
    await vi.waitFor(() => expect(seqs('c1')).toEqual([1, 2]));
    expect(cursor.cursor()).toBe('12');
  });

  it('starts the backoff over on the next connect after the retries ran out', async () => {
    const { http, cursor, catchUp } = setup('10');
    await cursor.begin(me.id);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fail = async () => (await nextRequest(http, SYNC, { since: '10' })).error(new ProgressEvent('error'));
    const running = catchUp.run();
    await fail();
    await running;
    for (const delay of SYNC_RETRY_DELAYS_MS) {
      await vi.advanceTimersByTimeAsync(delay);
      await fail();
    }
    await vi.advanceTimersByTimeAsync(60_000);
    http.expectNone((req) => req.url === SYNC); // out of retries
    const reconnect = catchUp.run();
    await fail();
    await reconnect;
    await vi.advanceTimersByTimeAsync(SYNC_RETRY_DELAYS_MS[0]);
    (await nextRequest(http, SYNC, { since: '10' })).flush(aSyncPage([], '10'));
  });

  it('runs one sync at a time: a connect during a run makes it go round once more', async () => {
    const { http, cursor, catchUp } = setup('10');
    await cursor.begin(me.id);
    const first = catchUp.run();
    const second = catchUp.run();
    const request = await nextRequest(http, SYNC, { since: '10' });
    http.expectNone((req) => req.url === SYNC);
    request.flush(aSyncPage([], '10'));
    (await nextRequest(http, SYNC, { since: '10' })).flush(aSyncPage([], '10'));
    await Promise.all([first, second]);
  });

  it('starts a new run for the next session even while a stopped one still awaits its answer', async () => {
    const { http } = setup('10');
    const newSession = () => createEnvironmentInjector(sessionStores, TestBed.inject(EnvironmentInjector));
    const first = newSession();
    await first.get(SyncCursorStore).begin(me.id);
    void first.get(StreamCatchUp).run();
    const stale = await nextRequest(http, SYNC, { since: '10' });
    first.destroy();
    const second = newSession();
    const cursor = second.get(SyncCursorStore);
    await cursor.begin(me.id);
    const next = second.get(StreamCatchUp).run();
    const fresh = await nextRequest(http, SYNC, { since: '10' });
    stale.flush(aSyncPage([aMessage('c1', 1)], '99', false, [aConversation('c1', otto)]));
    fresh.flush(aSyncPage([], '11'));
    await next;
    expect(cursor.cursor()).toBe('11');
    expect(localStorage.getItem(CURSOR_KEY)).toBe('11');
    expect(second.get(ConversationsStore).items()).toEqual([]);
    second.destroy();
  });
});
