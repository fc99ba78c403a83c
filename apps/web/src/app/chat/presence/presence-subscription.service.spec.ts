import { ApplicationRef, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { aUser } from '../testing/chat-factories';
import { fakeSocket } from '../testing/fake-socket';
import { PRESENCE_RESUBSCRIBE_DEBOUNCE_MS, PresenceSubscription } from './presence-subscription.service';
import { PresencePriority, PresenceStore } from './presence.store';

function setup(connected = true) {
  const { fake, provider } = fakeSocket(connected);
  TestBed.configureTestingModule({ providers: [provider, PresenceSubscription, { provide: AuthStore, useValue: { user: signal<User | null>(aUser('me')) } }] });
  const store = TestBed.inject(PresenceStore);
  TestBed.inject(PresenceSubscription);
  const settle = async (ms = PRESENCE_RESUBSCRIBE_DEBOUNCE_MS) => {
    TestBed.inject(ApplicationRef).tick();
    await vi.advanceTimersByTimeAsync(ms);
  };
  return { fake, store, settle };
}

describe('PresenceSubscription', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('subscribes to the people on screen once their list settles, and keeps what the ack says', async () => {
    const { fake, store, settle } = setup();
    const sidebar = signal(['bob']);
    store.watch(sidebar, PresencePriority.Sidebar);
    await settle(100);
    sidebar.set(['bob', 'carol']);
    await settle();
    expect(fake.subscribePresence).toHaveBeenCalledTimes(1);
    expect(fake.subscribePresence).toHaveBeenCalledWith(['bob', 'carol']);
    expect(store.stateOf('bob', aUser('bob', { online: true })).online).toBe(false);
  });

  it('does not resend the same set (in another order), and resends when it changes', async () => {
    const { fake, store, settle } = setup();
    const sidebar = signal(['bob', 'carol']);
    store.watch(sidebar, PresencePriority.Sidebar);
    await settle();
    sidebar.set(['carol', 'bob']);
    await settle();
    expect(fake.subscribePresence).toHaveBeenCalledTimes(1);
    sidebar.set(['carol']);
    await settle();
    expect(fake.subscribePresence).toHaveBeenLastCalledWith(['carol']);
  });

  it('subscribes again on every (re)connect, since a new socket follows no one', async () => {
    const { fake, store, settle } = setup(false);
    store.watch(signal(['bob']), PresencePriority.Sidebar);
    await settle();
    expect(fake.subscribePresence).not.toHaveBeenCalled();
    fake.connected = true;
    fake.connected$.next({ reconnect: false });
    await settle(0);
    fake.connected$.next({ reconnect: true });
    await settle(0);
    expect(fake.subscribePresence).toHaveBeenCalledTimes(2);
  });

  it('applies presence pushes', async () => {
    const { fake, store } = setup();
    fake.presence$.next({ userId: 'bob', online: true, lastSeenAt: null, status: 'away' });
    expect(store.stateOf('bob')).toEqual({ online: true, lastSeenAt: null, status: 'away' });
  });

  it('tries again on the next change after a lost ack', async () => {
    const { fake, store, settle } = setup();
    fake.subscribePresence.mockRejectedValueOnce(new Error('timeout'));
    const sidebar = signal(['bob']);
    store.watch(sidebar, PresencePriority.Sidebar);
    await settle();
    sidebar.set(['bob']);
    await settle();
    expect(fake.subscribePresence).toHaveBeenCalledTimes(2);
  });
});
