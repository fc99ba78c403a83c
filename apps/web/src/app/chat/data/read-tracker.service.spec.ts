import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ErrorCode, MarkReadAck, MarkReadPayload } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { SocketService } from '../connection/socket.service';
import { aConversation, aUser } from '../testing/chat-factories';
import { ChatApi } from './chat-api';
import { ConversationsStore } from './conversations.store';
import { READ_COALESCE_MS, ReadTracker } from './read-tracker.service';

const me = aUser('me');
const bob = aUser('bob');

function setup(connected = true) {
  const markRead = vi.fn(async (payload: MarkReadPayload): Promise<MarkReadAck> => ({ ok: true, lastReadSeq: payload.seq }));
  const restMarkRead = vi.fn(async (conversationId: string, seq: number) => ({ conversationId, userId: me.id, lastReadSeq: seq }));
  TestBed.configureTestingModule({
    providers: [
      ConversationsStore,
      ReadTracker,
      { provide: AuthStore, useValue: { user: signal(me) } },
      { provide: ChatApi, useValue: { markRead: restMarkRead } },
      { provide: SocketService, useValue: { connected, markRead } },
    ],
  });
  const conversations = TestBed.inject(ConversationsStore);
  conversations.upsert(
    aConversation('c1', [me, bob], {
      lastSeq: 20,
      unreadCount: 20,
      readState: [
        { userId: me.id, lastReadSeq: 0 },
        { userId: bob.id, lastReadSeq: 20 },
      ],
    }),
  );
  return { tracker: TestBed.inject(ReadTracker), conversations, markRead, restMarkRead };
}

describe('ReadTracker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first sighting at once, then at most one marker a second carrying the highest seq seen', async () => {
    const { tracker, markRead, conversations } = setup();
    tracker.seen('c1', 3);
    expect(markRead).toHaveBeenCalledTimes(1);
    expect(markRead).toHaveBeenLastCalledWith({ conversationId: 'c1', seq: 3 });
    await vi.advanceTimersByTimeAsync(0);
    expect(conversations.find('c1')?.unreadCount).toBe(17);

    for (let seq = 4; seq <= 12; seq++) tracker.seen('c1', seq);
    await vi.advanceTimersByTimeAsync(READ_COALESCE_MS - 10);
    expect(markRead).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(markRead).toHaveBeenCalledTimes(2);
    expect(markRead).toHaveBeenLastCalledWith({ conversationId: 'c1', seq: 12 });
    expect(conversations.find('c1')?.unreadCount).toBe(8);
  });

  it('never sends what is already read, nor a lower seq', async () => {
    const { tracker, markRead } = setup();
    tracker.seen('c1', 10);
    await vi.advanceTimersByTimeAsync(2 * READ_COALESCE_MS);
    tracker.seen('c1', 9);
    tracker.seen('c1', 10);
    await vi.advanceTimersByTimeAsync(2 * READ_COALESCE_MS);
    expect(markRead).toHaveBeenCalledTimes(1);
  });

  it('coalesces per conversation: another conversation is not held back', () => {
    const { tracker, markRead, conversations } = setup();
    conversations.upsert(aConversation('c2', [me, bob], { lastSeq: 5, unreadCount: 5, readState: [{ userId: me.id, lastReadSeq: 0 }] }));
    tracker.seen('c1', 3);
    tracker.seen('c2', 5);
    expect(markRead).toHaveBeenCalledTimes(2);
  });

  it('sends again after a refused marker', async () => {
    const { tracker, markRead } = setup();
    markRead.mockResolvedValueOnce({ ok: false, error: { code: ErrorCode.Unavailable, message: 'busy' } });
    tracker.seen('c1', 4);
    await vi.advanceTimersByTimeAsync(2 * READ_COALESCE_MS);
    tracker.seen('c1', 4);
    await vi.advanceTimersByTimeAsync(0);
    expect(markRead).toHaveBeenCalledTimes(2);
  });

  it('uses REST while the socket is down', async () => {
    const offline = setup(false);
    offline.tracker.seen('c1', 6);
    await vi.advanceTimersByTimeAsync(0);
    expect(offline.restMarkRead).toHaveBeenCalledWith('c1', 6);
    expect(offline.conversations.find('c1')?.unreadCount).toBe(14);
  });
});
