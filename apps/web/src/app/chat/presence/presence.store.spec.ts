import { Injector, runInInjectionContext, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Limits, User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { aUser } from '../testing/chat-factories';
import { PresencePriority, PresenceStore, watchPresence } from './presence.store';

function setup() {
  const user = signal<User | null>(aUser('me'));
  TestBed.configureTestingModule({ providers: [{ provide: AuthStore, useValue: { user } }] });
  return { store: TestBed.inject(PresenceStore), user };
}

describe('PresenceStore', () => {
  it('answers from the User as loaded until the server speaks, then from the server', () => {
    const { store } = setup();
    const bob = aUser('bob', { online: true, lastSeenAt: null, status: 'away' });
    expect(store.stateOf('bob', bob)).toEqual({ online: true, lastSeenAt: null, status: 'away' });
    expect(store.stateOf('nobody')).toEqual({ online: false, lastSeenAt: null });

    store.apply([{ userId: 'bob', online: false, lastSeenAt: '2026-01-01T12:00:00.000Z' }]);
    expect(store.stateOf('bob', bob)).toEqual({ online: false, lastSeenAt: '2026-01-01T12:00:00.000Z', status: undefined });
    expect(store.labelOf('bob', bob)).toMatch(/^Offline, last seen /);
  });

  it('forgets what it was told when someone else logs in', () => {
    const { store, user } = setup();
    store.apply([{ userId: 'bob', online: true, lastSeenAt: null, status: 'active' }]);
    user.set(aUser('carol'));
    expect(store.stateOf('bob').online).toBe(false);
  });

  it('wants the open conversation first, then the sidebar, then people lists; without me or repeats', () => {
    const { store } = setup();
    const people = signal(['dave', 'bob', 'me']);
    store.watch(people, PresencePriority.PeopleList);
    const stopSidebar = store.watch(signal(['carol', 'bob']), PresencePriority.Sidebar);
    store.watch(signal(['me', 'erin']), PresencePriority.OpenConversation);
    expect(store.wanted()).toEqual(['erin', 'carol', 'bob', 'dave']);

    people.set(['frank']);
    stopSidebar();
    expect(store.wanted()).toEqual(['erin', 'frank']);
  });

  it('never wants more than the server follows, dropping the least relevant', () => {
    const { store } = setup();
    const many = Array.from({ length: Limits.presenceSubscribeMax + 50 }, (_, i) => `u${i}`);
    store.watch(signal(many), PresencePriority.PeopleList);
    store.watch(signal(['open']), PresencePriority.OpenConversation);
    const wanted = store.wanted();
    expect(wanted).toHaveLength(Limits.presenceSubscribeMax);
    expect(wanted[0]).toBe('open');
    expect(wanted).not.toContain(`u${Limits.presenceSubscribeMax}`);
  });

  it('watchPresence stops watching when its caller is destroyed', () => {
    const { store } = setup();
    const child = Injector.create({ providers: [], parent: TestBed.inject(Injector) });
    runInInjectionContext(child, () => watchPresence(() => ['bob'], PresencePriority.Sidebar));
    expect(store.wanted()).toEqual(['bob']);
    (child as unknown as { destroy(): void }).destroy();
    expect(store.wanted()).toEqual([]);
  });
});
