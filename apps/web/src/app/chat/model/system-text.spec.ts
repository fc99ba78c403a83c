import { SystemEvent } from '@parley/contract';
import { aFile, aMessage, anImage } from '../testing/chat-factories';
import { listNames, previewText, systemText } from './system-text';

const names: Record<string, string> = { alice: 'Alice', bob: 'Bob', carol: 'Carol', dave: 'Dave', erin: 'Erin' };
const nameOf = (id: string) => names[id] ?? 'Someone';
const event = (overrides: Partial<SystemEvent>): SystemEvent => ({ type: 'created', actorId: 'alice', ...overrides });

describe('systemText', () => {
  it('says who did what, as one line', () => {
    expect(systemText(event({ type: 'created', title: 'Design', userIds: ['bob', 'carol'] }), nameOf)).toBe('Alice created the group “Design”');
    expect(systemText(event({ type: 'members_added', userIds: ['bob', 'carol'] }), nameOf)).toBe('Alice added Bob and Carol');
    expect(systemText(event({ type: 'member_removed', userIds: ['bob'] }), nameOf)).toBe('Alice removed Bob');
    expect(systemText(event({ type: 'member_left', actorId: 'bob', userIds: ['bob'] }), nameOf)).toBe('Bob left');
    expect(systemText(event({ type: 'renamed', title: 'Y' }), nameOf)).toBe('Alice renamed the group to “Y”');
  });

  it('calls the reader "You" as the actor and "you" as the one it was done to', () => {
    expect(systemText(event({ type: 'members_added', userIds: ['me', 'bob'] }), nameOf, 'me')).toBe('Alice added you and Bob');
    expect(systemText(event({ type: 'member_removed', actorId: 'me', userIds: ['bob'] }), nameOf, 'me')).toBe('You removed Bob');
    expect(systemText(event({ type: 'member_left', actorId: 'me', userIds: ['me'] }), nameOf, 'me')).toBe('You left');
  });

  it('shortens long lists of names', () => {
    expect(listNames(['Bob'])).toBe('Bob');
    expect(listNames(['Bob', 'Carol', 'Dave'])).toBe('Bob, Carol and Dave');
    expect(listNames(['Bob', 'Carol', 'Dave', 'Erin', 'Fay'])).toBe('Bob, Carol and 3 others');
  });
});

describe('previewText of a message that is only its files', () => {
  it('names the one file, or counts them', () => {
    expect(previewText(aMessage(1, { body: '', attachments: [anImage('sunset')] }), nameOf, 'me')).toBe('Image: sunset.png');
    expect(previewText(aMessage(1, { body: '', senderId: 'me', attachments: [aFile('q3')] }), nameOf, 'me')).toBe('You: File: q3.pdf');
    expect(previewText(aMessage(1, { body: '', attachments: [anImage('a'), anImage('b')] }), nameOf, 'me')).toBe('2 images');
    expect(previewText(aMessage(1, { body: '', attachments: [anImage('a'), aFile('b')] }), nameOf, 'me')).toBe('2 files');
    expect(previewText(aMessage(1, { body: 'caption', attachments: [anImage('a')] }), nameOf, 'me')).toBe('caption');
  });
});
