import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AuthStore } from '../../auth/auth.store';
import { aUser } from '../testing/chat-factories';
import { PEOPLE_KEPT, PeopleStore } from './people.store';

function create(userId = 'me') {
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({ providers: [PeopleStore, { provide: AuthStore, useValue: { user: signal(aUser(userId)) } }] });
  return TestBed.inject(PeopleStore);
}

describe('PeopleStore', () => {
  beforeEach(() => localStorage.clear());

  it('remembers names across sessions of the same user, and only theirs', () => {
    create('me').remember([aUser('bob', { displayName: 'Bob' })]);
    expect(create('me').known().get('bob')?.displayName).toBe('Bob');
    expect(create('someone-else').known().size).toBe(0);
  });

  it('takes a changed display name, and keeps the most recently seen when full', () => {
    const people = create();
    people.remember([aUser('bob', { displayName: 'Bob' })]);
    people.remember([aUser('bob', { displayName: 'Robert' })]);
    expect(people.known().get('bob')?.displayName).toBe('Robert');
    people.remember(Array.from({ length: PEOPLE_KEPT }, (_, i) => aUser(`u${i}`)));
    expect(people.known().size).toBe(PEOPLE_KEPT);
    expect(people.known().has('bob')).toBe(false);
    expect(people.known().has(`u${PEOPLE_KEPT - 1}`)).toBe(true);
  });

  it('works without storage', () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new Error('quota');
    });
    const people = create();
    people.remember([aUser('bob')]);
    expect(people.known().has('bob')).toBe(true);
    setItem.mockRestore();
  });
});
