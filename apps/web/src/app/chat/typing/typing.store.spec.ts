import { TestBed } from '@angular/core/testing';
import { Limits } from '@parley/contract';
import { aMessage } from '../testing/chat-factories';
import { fakeSocket } from '../testing/fake-socket';
import { typingText } from './typing-text';
import { TypingStore } from './typing.store';

function setup() {
  const { fake, provider } = fakeSocket();
  TestBed.configureTestingModule({ providers: [provider, TypingStore] });
  return { fake, store: TestBed.inject(TypingStore) };
}

describe('typingText', () => {
  it('names one or two people, and counts no further', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['Alice'])).toBe('Alice is typing…');
    expect(typingText(['Alice', 'Bob'])).toBe('Alice and Bob are typing…');
    expect(typingText(['Alice', 'Bob', 'Carol'])).toBe('Several people are typing…');
  });
});

describe('TypingStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lapses each person on their own, typingExpiresMs after their last "true"', async () => {
    const { fake, store } = setup();
    fake.typing$.next({ conversationId: 'c1', userId: 'alice', typing: true });
    await vi.advanceTimersByTimeAsync(2_000);
    fake.typing$.next({ conversationId: 'c1', userId: 'bob', typing: true });
    expect(store.in('c1')).toEqual(['alice', 'bob']);

    await vi.advanceTimersByTimeAsync(Limits.typingExpiresMs - 2_000);
    expect(store.in('c1')).toEqual(['bob']);
    // A renewal restarts only Bob's clock.
    fake.typing$.next({ conversationId: 'c1', userId: 'bob', typing: true });
    await vi.advanceTimersByTimeAsync(Limits.typingExpiresMs - 1);
    expect(store.in('c1')).toEqual(['bob']);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.in('c1')).toEqual([]);
  });

  it('goes at once with their "false" or their message, and keeps conversations apart', () => {
    const { fake, store } = setup();
    fake.typing$.next({ conversationId: 'c1', userId: 'alice', typing: true });
    fake.typing$.next({ conversationId: 'c2', userId: 'alice', typing: true });
    fake.typing$.next({ conversationId: 'c1', userId: 'bob', typing: true });
    fake.typing$.next({ conversationId: 'c1', userId: 'bob', typing: false });
    expect(store.in('c1')).toEqual(['alice']);

    fake.messages$.next(aMessage(3, { conversationId: 'c1', senderId: 'alice' }));
    expect(store.in('c1')).toEqual([]);
    expect(store.in('c2')).toEqual(['alice']);
  });

  it('forgets everything on a new connection', () => {
    const { fake, store } = setup();
    fake.typing$.next({ conversationId: 'c1', userId: 'alice', typing: true });
    fake.connected$.next({ reconnect: true });
    expect(store.in('c1')).toEqual([]);
  });
});
