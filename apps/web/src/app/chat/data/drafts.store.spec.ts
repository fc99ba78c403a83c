import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AuthStore } from '../../auth/auth.store';
import { aUser } from '../testing/chat-factories';
import { DraftsStore } from './drafts.store';

function aStore(user = aUser('alice')): DraftsStore {
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({ providers: [DraftsStore, { provide: AuthStore, useValue: { user: signal(user) } }] });
  return TestBed.inject(DraftsStore);
}

describe('DraftsStore', () => {
  beforeEach(() => localStorage.clear());

  it('keeps a draft per conversation, across a reload, for that user only', () => {
    const store = aStore();
    store.set('c1', 'half a thought');
    store.set('c2', 'another');
    expect(store.get('c1')).toBe('half a thought');
    expect(aStore().get('c2')).toBe('another');
    expect(aStore(aUser('bob')).get('c1')).toBe('');
  });

  it('forgets a draft once it is empty (sent or erased)', () => {
    const store = aStore();
    store.set('c1', 'typed');
    store.set('c1', '   ');
    expect(aStore().get('c1')).toBe('');
    expect(localStorage.length).toBe(0);
  });
});
