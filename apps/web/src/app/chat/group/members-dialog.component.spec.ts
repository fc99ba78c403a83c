import { DIALOG_DATA, DialogRef } from '@angular/cdk/dialog';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { ChatApi } from '../data/chat-api';
import { ConversationsStore } from '../data/conversations.store';
import { GroupActions } from '../data/group-actions.service';
import { aConversation, aUser } from '../testing/chat-factories';
import { MembersDialog } from './members-dialog.component';

const alice = aUser('alice', { displayName: 'Alice' });
const bob = aUser('bob', { displayName: 'Bob' });
const carol = aUser('carol', { displayName: 'Carol' });

async function render(me: User) {
  const close = vi.fn();
  const removeMember = vi.fn(async () => undefined);
  TestBed.configureTestingModule({
    providers: [
      ConversationsStore,
      GroupActions,
      { provide: ChatApi, useValue: { removeMember, listUsers: async () => ({ items: [], nextCursor: null }) } },
      { provide: AuthStore, useValue: { user: signal(me) } },
      { provide: DialogRef, useValue: { close } },
      { provide: DIALOG_DATA, useValue: { conversationId: 'g1' } },
    ],
  });
  const store = TestBed.inject(ConversationsStore);
  store.upsert(aConversation('g1', [alice, bob, carol], { title: 'Design', createdBy: alice.id }));
  const fixture = TestBed.createComponent(MembersDialog);
  await fixture.whenStable();
  const host = fixture.nativeElement as HTMLElement;
  const removeButtons = () => Array.from(host.querySelectorAll('button[aria-label^="Remove "]'), (b) => b.getAttribute('aria-label'));
  return { fixture, host, store, close, removeMember, removeButtons };
}

describe('MembersDialog', () => {
  it('offers Remove next to the others only to the group’s creator', async () => {
    const { removeButtons } = await render(alice);
    expect(removeButtons()).toEqual(['Remove Bob', 'Remove Carol']);
    TestBed.resetTestingModule();
    const asBob = await render(bob);
    expect(asBob.removeButtons()).toEqual([]);
    expect(asBob.host.textContent).toContain('Bob (you)');
  });

  it('closes itself once the conversation is gone (I left, or was removed meanwhile)', async () => {
    const { fixture, store, close } = await render(bob);
    store.remove('g1');
    await fixture.whenStable();
    expect(close).toHaveBeenCalled();
  });
});
