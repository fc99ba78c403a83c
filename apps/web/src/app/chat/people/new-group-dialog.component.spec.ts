import { DialogRef } from '@angular/cdk/dialog';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { AuthStore } from '../../auth/auth.store';
import { GroupActions } from '../data/group-actions.service';
import { ChatLayout } from '../shell/chat-layout.service';
import { aConversation, aUser } from '../testing/chat-factories';
import { NewGroupDialog } from './new-group-dialog.component';

const me = aUser('me');
const bob = aUser('bob');
const carol = aUser('carol');

function setup() {
  const create = vi.fn(async (ids: string[], title: string) => aConversation('g1', [me, bob, carol], { title, createdBy: me.id }));
  const close = vi.fn();
  TestBed.configureTestingModule({
    providers: [
      provideRouter([{ path: 'chat/:id', children: [] }]),
      ChatLayout,
      { provide: AuthStore, useValue: { user: signal(me) } },
      { provide: GroupActions, useValue: { create } },
      { provide: DialogRef, useValue: { close } },
    ],
  });
  const dialog = TestBed.createComponent(NewGroupDialog).componentInstance;
  return { dialog, create, close, router: TestBed.inject(Router) };
}

describe('NewGroupDialog', () => {
  it('asks for two others and a name before it creates anything', async () => {
    const { dialog, create } = setup();
    expect(dialog.missing()).toBe('Pick 2 more people.');
    dialog.members.set([bob]);
    expect(dialog.missing()).toBe('Pick 1 more person.');
    dialog.members.set([bob, carol]);
    dialog.title.set('   ');
    expect(dialog.missing()).toBe('Give the group a name.');
    await dialog.create(new Event('submit'));
    expect(create).not.toHaveBeenCalled();
  });

  it('creates the group with the trimmed name, closes and opens it', async () => {
    const { dialog, create, close, router } = setup();
    dialog.members.set([bob, carol]);
    dialog.title.set('  Design team ');
    await dialog.create(new Event('submit'));
    expect(create).toHaveBeenCalledWith([bob.id, carol.id], 'Design team');
    expect(close).toHaveBeenCalled();
    expect(router.url).toBe('/chat/g1');
  });

  it('says why when the server refuses, and stays open', async () => {
    const { dialog, create, close } = setup();
    create.mockRejectedValueOnce(new Error('nope'));
    dialog.members.set([bob, carol]);
    dialog.title.set('Design team');
    await dialog.create(new Event('submit'));
    expect(dialog.error()).toMatch(/^Couldn't create the group: /);
    expect(close).not.toHaveBeenCalled();
    expect(dialog.creating()).toBe(false);
  });
});
