import { ErrorCode } from '@parley/contract';
import type { MessageEntity } from '../message.entity';
import type { UploadEntity } from '../../uploads/upload.entity';
import { assignConsecutive, planBatch, type NewMessage, type ReplyTarget } from './batch-plan';

const send = (overrides: Partial<NewMessage> = {}): NewMessage => ({
  senderId: 'alice',
  conversationId: 'c1',
  body: 'hello',
  clientMessageId: `cid-${Math.random().toString(36).slice(2)}`,
  ...overrides,
});

const storedMessage = (overrides: Partial<MessageEntity> = {}): MessageEntity => ({
  id: 'stored-1',
  senderId: 'alice',
  conversationId: 'c1',
  body: 'earlier',
  clientMessageId: 'dup',
  seq: 7,
  pos: 70,
  kind: 'text',
  system: null,
  version: 1,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  editedAt: null,
  deletedAt: null,
  replyToId: null,
  searchKey: 70,
  ...overrides,
});

describe('planBatch', () => {
  const now = new Date('2026-02-02T00:00:00Z');
  const members = new Map([
    ['c1', ['alice', 'bob']],
    ['c2', ['alice', 'carol']],
    ['c9', ['alice', 'dave']],
  ]);

  it('refuses a sender who is not a member (checked under the lock) and drafts nothing for them', () => {
    const { outcomes, drafts } = planBatch([send({ senderId: 'mallory' }), send({ conversationId: 'gone' })], [], now, members);
    expect(outcomes.map((o) => !o.ok && o.error.code)).toEqual([ErrorCode.NotFound, ErrorCode.NotFound]);
    expect(drafts.size).toBe(0);
  });

  it('answers each send with the members at commit as its recipients', () => {
    const { outcomes } = planBatch([send(), send({ conversationId: 'c2' })], [], now, members);
    expect(outcomes.map((o) => o.ok && o.recipients)).toEqual([['alice', 'bob'], ['alice', 'carol']]);
  });

  it('creates one draft per new send, grouped by conversation', () => {
    const batch = [send(), send({ conversationId: 'c2' }), send()];
    const { outcomes, drafts } = planBatch(batch, [], now, members);
    expect(outcomes.every((o) => o.ok && o.created)).toBe(true);
    expect(drafts.get('c1')).toHaveLength(2);
    expect(drafts.get('c2')).toHaveLength(1);
  });

  it('returns the stored message for a repeated clientMessageId and drafts nothing', () => {
    const { outcomes, drafts } = planBatch([send({ clientMessageId: 'dup' })], [storedMessage()], now, members);
    expect(outcomes[0]).toEqual({ ok: true, message: storedMessage(), created: false, recipients: ['alice', 'bob'] });
    expect(drafts.size).toBe(0);
  });

  it('refuses a clientMessageId reused for another conversation', () => {
    const { outcomes } = planBatch([send({ clientMessageId: 'dup', conversationId: 'c9' })], [storedMessage()], now, members);
    expect(outcomes[0].ok).toBe(false);
    expect(!outcomes[0].ok && outcomes[0].error.code).toBe(ErrorCode.ClientMessageIdReused);
  });

  it('stores a repeat within one batch once, and answers both with it', () => {
    const first = send({ clientMessageId: 'twice' });
    const { outcomes, drafts } = planBatch([first, { ...first }], [], now, members);
    expect(drafts.get('c1')).toHaveLength(1);
    expect(outcomes.map((o) => o.ok && o.created)).toEqual([true, false]);
    expect(outcomes[0].ok && outcomes[1].ok && outcomes[0].message === outcomes[1].message).toBe(true);
  });

  it('keeps the same clientMessageId of different senders apart', () => {
    const { drafts } = planBatch([send({ clientMessageId: 'x' }), send({ clientMessageId: 'x', senderId: 'bob' })], [], now, members);
    expect(drafts.get('c1')).toHaveLength(2);
  });
});

describe('planBatch replies', () => {
  const now = new Date('2026-02-02T00:00:00Z');
  const members = new Map([['c1', ['alice', 'bob']], ['c2', ['alice', 'carol']]]);
  const target: ReplyTarget = { id: 't1', conversationId: 'c1', seq: 3, senderId: 'bob', body: 'original', deletedAt: null };
  const targets = new Map<string, ReplyTarget>([['t1', target], ['gone', { ...target, id: 'gone', deletedAt: now }]]);

  it('drafts a reply to a message of the same conversation and hands back what it answers', () => {
    const { outcomes, drafts } = planBatch([send({ replyToId: 't1' })], [], now, members, targets);
    expect(outcomes[0]).toMatchObject({ ok: true, created: true, replyTo: target });
    expect(drafts.get('c1')?.[0].replyToId).toBe('t1');
  });

  it('refuses a reply to an unknown message or one of another conversation alike, naming replyToId', () => {
    const { outcomes, drafts } = planBatch([send({ replyToId: 'nope' }), send({ conversationId: 'c2', replyToId: 't1' })], [], now, members, targets);
    expect(outcomes.map((o) => !o.ok && o.error.details?.[0].field)).toEqual(['replyToId', 'replyToId']);
    expect(drafts.size).toBe(0);
  });

  it('refuses a reply to a deleted message', () => {
    const { outcomes } = planBatch([send({ replyToId: 'gone' })], [], now, members, targets);
    expect(!outcomes[0].ok && outcomes[0].error.code).toBe(ErrorCode.MessageDeleted);
  });
});

describe('assignConsecutive', () => {
  it('gives the drafts the consecutive seqs ending at the new counter value', () => {
    const drafts = [storedMessage(), storedMessage(), storedMessage()];
    assignConsecutive(drafts, 'seq', 12);
    expect(drafts.map((d) => d.seq)).toEqual([10, 11, 12]);
    assignConsecutive(drafts, 'pos', 7);
    expect(drafts.map((d) => d.pos)).toEqual([5, 6, 7]);
  });
});

describe('planBatch attachments', () => {
  const now = new Date('2026-02-02T00:00:00Z');
  const members = new Map([['c1', ['alice', 'bob']]]);
  const upload = (id: string, overrides: Partial<UploadEntity> = {}): UploadEntity => ({
    id,
    uploaderId: 'alice',
    name: `${id}.bin`,
    size: 10,
    contentType: 'application/octet-stream',
    kind: 'file',
    width: null,
    height: null,
    storageKey: id,
    thumbnailKey: null,
    messageId: null,
    conversationId: null,
    position: null,
    createdAt: now,
    ...overrides,
  });
  const uploads = new Map([
    ['u1', upload('u1')],
    ['u2', upload('u2')],
    ['bobs', upload('bobs', { uploaderId: 'bob' })],
    ['used', upload('used', { messageId: 'm0', conversationId: 'c1', position: 0 })],
  ]);

  it('claims the sender’s unattached uploads for the new message, in order', () => {
    const { outcomes, drafts, claims } = planBatch([send({ body: '', attachmentIds: ['u2', 'u1'] })], [], now, members, new Map(), uploads);
    const id = drafts.get('c1')![0].id;
    expect(claims).toEqual([
      { uploadId: 'u2', messageId: id, conversationId: 'c1', position: 0 },
      { uploadId: 'u1', messageId: id, conversationId: 'c1', position: 1 },
    ]);
    expect(outcomes[0].ok && outcomes[0].attachments?.map((a) => [a.id, a.messageId, a.position])).toEqual([['u2', id, 0], ['u1', id, 1]]);
  });

  it("refuses someone else's, an attached or an unknown upload alike, naming its place", () => {
    const { outcomes, claims } = planBatch(
      [send({ attachmentIds: ['u1', 'bobs'] }), send({ attachmentIds: ['used'] }), send({ attachmentIds: ['nope'] })],
      [], now, members, new Map(), uploads,
    );
    expect(outcomes.map((o) => !o.ok && o.error.details?.[0].field)).toEqual(['attachmentIds.1', 'attachmentIds.0', 'attachmentIds.0']);
    expect(claims).toEqual([]);
  });

  it('gives an upload to the first of two sends in one batch that want it', () => {
    const { outcomes, claims } = planBatch([send({ attachmentIds: ['u1'] }), send({ attachmentIds: ['u1'] })], [], now, members, new Map(), uploads);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
    expect(claims).toHaveLength(1);
  });
});
