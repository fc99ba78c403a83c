import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AuthStore } from '../../auth/auth.store';
import { aConversation, aUser } from '../testing/chat-factories';
import { ChatApi } from './chat-api';
import { ConversationsStore } from './conversations.store';
import { PeopleStore } from './people.store';

const me = aUser('me');
const bob = aUser('bob', { displayName: 'Bob' });

function setup() {
  const auth = { user: signal(me), updateUser: vi.fn() };
  TestBed.configureTestingModule({ providers: [ConversationsStore, { provide: ChatApi, useValue: {} }, { provide: AuthStore, useValue: auth }] });
  return { auth, store: TestBed.inject(ConversationsStore), people: TestBed.inject(PeopleStore) };
}

describe('ConversationsStore: user:updated', () => {
  beforeEach(() => localStorage.clear());

  it('renames the person in every member list and in the names the device remembers', () => {
    const { store, people } = setup();
    store.upsert(aConversation('c1', [me, bob]));
    store.upsert(aConversation('g1', [me, bob, aUser('carol')]));
    store.applyUser({ ...bob, displayName: 'Robert' });
    for (const id of ['c1', 'g1']) expect(store.find(id)?.members.find((m) => m.id === bob.id)?.displayName).toBe('Robert');
    expect(people.known().get(bob.id)?.displayName).toBe('Robert');
  });

  it('changes nothing when nobody listed is renamed, and passes my own profile to the session', () => {
    const { store, auth } = setup();
    store.upsert(aConversation('c1', [me, bob]));
    const before = store.items();
    store.applyUser(aUser('zed', { displayName: 'Zed' }));
    expect(store.items()).toBe(before);
    const renamedMe = { ...me, displayName: 'New Me' };
    store.applyUser(renamedMe);
    expect(auth.updateUser).toHaveBeenCalledWith(renamedMe);
  });
});
