import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AuthStore } from '../../auth/auth.store';
import { aConversation, aUser } from '../testing/chat-factories';
import { ChatApi } from './chat-api';
import { ConversationsStore } from './conversations.store';
import { GroupActions } from './group-actions.service';

const me = aUser('me');
const bob = aUser('bob', { displayName: 'Bob' });
const carol = aUser('carol', { displayName: 'Carol' });
const group = (overrides = {}) => aConversation('g1', [me, bob, carol], { title: 'Design', lastSeq: 3, ...overrides });

function setup(api: Partial<ChatApi>) {
  TestBed.configureTestingModule({
    providers: [ConversationsStore, GroupActions, { provide: ChatApi, useValue: api }, { provide: AuthStore, useValue: { user: signal(me) } }],
  });
  const conversations = TestBed.inject(ConversationsStore);
  conversations.upsert(group());
  return { conversations, groups: TestBed.inject(GroupActions) };
}

describe('GroupActions', () => {
  it('removing someone drops them from the members at once, and keeps them known by name', async () => {
    const removeMember = vi.fn(async () => undefined);
    const { conversations, groups } = setup({ removeMember });
    await groups.removeMember('g1', carol.id);
    expect(removeMember).toHaveBeenCalledWith('g1', carol.id);
    expect(conversations.find('g1')?.members.map((m) => m.id)).toEqual([me.id, bob.id]);
    expect(conversations.people().get(carol.id)?.displayName).toBe('Carol');
  });

  it('leaving removes the conversation as left by me, even when the live update beats the answer', async () => {
    let conversations!: ConversationsStore;
    // The server pushes conversation:updated (without me) before the DELETE's 204 arrives.
    const removeMember = vi.fn(async () => void conversations.upsert(group({ members: [bob, carol], lastSeq: 4 })));
    const setUp = setup({ removeMember });
    conversations = setUp.conversations;
    await setUp.groups.leave('g1');
    expect(removeMember).toHaveBeenCalledWith('g1', me.id);
    expect(conversations.find('g1')).toBeUndefined();
    expect(conversations.removed().get('g1')).toMatchObject({ left: true, name: 'Design' });
  });

  it('a removal by someone else is not a leave', () => {
    const { conversations } = setup({});
    conversations.upsert(group({ members: [bob, carol], lastSeq: 4 }));
    expect(conversations.removed().get('g1')).toMatchObject({ left: false, name: 'Design' });
  });

  it('puts the server’s answer to create, rename and add into the store', async () => {
    const renamed = group({ title: 'Crew', lastSeq: 4 });
    const { conversations, groups } = setup({
      createGroup: async () => aConversation('g2', [me, bob, carol], { title: 'New' }),
      renameConversation: async () => renamed,
      addMembers: async () => group({ members: [me, bob, carol, aUser('dave')], lastSeq: 5 }),
    });
    await groups.create([bob.id, carol.id], 'New');
    expect(conversations.find('g2')?.title).toBe('New');
    await groups.rename('g1', 'Crew');
    expect(conversations.find('g1')?.title).toBe('Crew');
    await groups.addMembers('g1', ['dave']);
    expect(conversations.find('g1')?.members).toHaveLength(4);
  });
});
