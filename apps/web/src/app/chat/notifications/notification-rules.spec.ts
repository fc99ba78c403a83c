import { aConversation, aMessage, aUser } from '../testing/chat-factories';
import { notificationContent, NotifyContext, shouldNotify } from './notification-rules';

const me = aUser('me', { displayName: 'Me' });
const bob = aUser('bob', { displayName: 'Bob' });
const carol = aUser('carol', { displayName: 'Carol' });
const direct = aConversation('c1', [me, bob]);
const group = aConversation('g1', [me, bob, carol], { title: 'Design team' });
const fromBob = aMessage(4, { conversationId: 'c1', senderId: bob.id, body: 'lunch?' });
const away: NotifyContext = { me: me.id, conversation: direct, openConversationId: null, attentive: true };
const names = new Map([me, bob, carol].map((u) => [u.id, u.displayName]));
const nameOf = (id: string) => names.get(id) ?? 'Someone';

describe('shouldNotify', () => {
  it('notifies of someone else’s message in a conversation that is not in front of me', () => {
    expect(shouldNotify(fromBob, away)).toBe(true);
    expect(shouldNotify(fromBob, { ...away, openConversationId: 'g1' })).toBe(true);
  });

  it('not while that conversation is open and I am looking; yes when the tab is hidden or unfocused', () => {
    expect(shouldNotify(fromBob, { ...away, openConversationId: 'c1' })).toBe(false);
    expect(shouldNotify(fromBob, { ...away, openConversationId: 'c1', attentive: false })).toBe(true);
  });

  it('not while another tab of this browser shows that conversation to me', () => {
    expect(shouldNotify(fromBob, { ...away, attentive: false, lookedAtElsewhere: true })).toBe(false);
  });

  it('never for my own messages, muted conversations, or one it knows nothing of', () => {
    expect(shouldNotify(aMessage(5, { conversationId: 'c1', senderId: me.id }), away)).toBe(false);
    expect(shouldNotify(fromBob, { ...away, conversation: { ...direct, muted: true } })).toBe(false);
    expect(shouldNotify(fromBob, { ...away, conversation: undefined })).toBe(false);
  });

  it('never for a system line about me; other system lines do', () => {
    const line = (actorId: string, userIds: string[]) =>
      aMessage(6, { conversationId: 'g1', senderId: actorId, kind: 'system', body: '', system: { type: 'members_added', actorId, userIds } });
    const inGroup = { ...away, conversation: group };
    expect(shouldNotify(line(bob.id, [me.id]), inGroup)).toBe(false);
    expect(shouldNotify(line(me.id, [carol.id]), inGroup)).toBe(false);
    expect(shouldNotify(line(bob.id, [carol.id]), inGroup)).toBe(true);
  });
});

describe('notificationContent', () => {
  it('titles a direct message with the sender, a group one with the sender and the group; one tag per conversation', () => {
    expect(notificationContent(fromBob, direct, nameOf, me.id)).toEqual({ title: 'Bob', body: 'lunch?', tag: 'parley-conversation-c1' });
    const inGroup = aMessage(7, { conversationId: 'g1', senderId: carol.id, body: 'see\n\nyou  there' });
    expect(notificationContent(inGroup, group, nameOf, me.id)).toEqual({ title: 'Carol in Design team', body: 'see you there', tag: 'parley-conversation-g1' });
  });

  it('shortens a long text and words a system line', () => {
    const long = notificationContent(aMessage(8, { conversationId: 'c1', senderId: bob.id, body: 'x'.repeat(500) }), direct, nameOf, me.id);
    expect(long.body).toHaveLength(140);
    expect(long.body.endsWith('…')).toBe(true);
    const renamed = aMessage(9, { conversationId: 'g1', senderId: bob.id, kind: 'system', body: '', system: { type: 'renamed', actorId: bob.id, title: 'Crew' } });
    expect(notificationContent(renamed, group, nameOf, me.id).body).toBe('Bob renamed the group to “Crew”');
  });
});
