import { TestBed } from '@angular/core/testing';
import { Page, User } from '@parley/contract';
import { aUser } from '../testing/chat-factories';
import { ChatApi } from './chat-api';
import { PeopleStore } from './people.store';
import { UsersStore } from './users.store';

function setup() {
  let directory = [aUser('bob')];
  const listUsers = vi.fn(async (): Promise<Page<User>> => ({ items: directory, nextCursor: null }));
  TestBed.configureTestingModule({
    providers: [
      UsersStore,
      { provide: ChatApi, useValue: { listUsers } },
      { provide: PeopleStore, useValue: { remember: vi.fn() } },
    ],
  });
  const store = TestBed.inject(UsersStore);
  const signsUp = (user: User) => (directory = [...directory, user]);
  return { store, listUsers, signsUp };
}

describe('UsersStore', () => {
  it('shows someone who signed up meanwhile when the window gets focus again, and on refreshShown (a reconnect)', async () => {
    const { store, listUsers, signsUp } = setup();
    await store.search('');
    expect(store.items().map((u) => u.id)).toEqual(['bob']);

    signsUp(aUser('carol'));
    window.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(store.items().map((u) => u.id)).toEqual(['bob', 'carol']));
    expect(store.status()).toBe('ready');

    signsUp(aUser('dave'));
    store.refreshShown();
    await vi.waitFor(() => expect(store.items().map((u) => u.id)).toEqual(['bob', 'carol', 'dave']));
    expect(listUsers).toHaveBeenCalledTimes(3);
  });
});
