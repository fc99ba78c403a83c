import type { Conversation, Message, User } from '@parley/contract';
import { mergeMessages } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { Source } from './device';
import type { MembershipLog } from './membership';
import type { OutboxEntry } from './outbox';
import { passed, verify, type DeviceRecord, type StoredRow, type VerifiedUser } from './verify';

// Small typed factories: a world of stored rows, the server's view per user, and devices' records.
const person = (id: string): User => ({ id, username: id, displayName: id, createdAt: '2026-01-01T00:00:00.000Z', online: false, lastSeenAt: null });
const row = (conversationId: string, seq: number, senderId: string, kind = 'text'): StoredRow => ({
  id: `${conversationId}-${seq}`,
  conversationId,
  senderId,
  clientMessageId: kind === 'system' ? `sys-${conversationId}-${seq}` : `${senderId}d1-${conversationId}-${seq}`,
  seq,
  kind,
});
const asMessage = (r: StoredRow): Message => ({
  id: r.id,
  conversationId: r.conversationId,
  senderId: r.senderId,
  body: '',
  clientMessageId: r.clientMessageId,
  seq: r.seq,
  createdAt: '2026-01-01T12:00:00.000Z',
  kind: r.kind === 'system' ? 'system' : 'text',
  version: 1,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  reactions: [],
  attachments: [],
});
const conversation = (id: string, memberIds: string[], overrides: Partial<Conversation> = {}): Conversation => ({
  id,
  kind: 'group',
  title: `title ${id}`,
  createdBy: memberIds[0],
  members: memberIds.map(person),
  lastMessage: null,
  lastSeq: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  unreadCount: 0,
  readState: memberIds.map((userId) => ({ userId, lastReadSeq: 0 })),
  muted: false,
  ...overrides,
});
const sent = (device: string, r: StoredRow, overrides: Partial<OutboxEntry> = {}): OutboxEntry => ({
  device,
  conversationId: r.conversationId,
  clientMessageId: r.clientMessageId,
  body: '',
  order: r.seq,
  attempts: 1,
  acked: asMessage(r),
  ...overrides,
});

function aDevice(name: string, view: Conversation[], held: StoredRow[], entries: OutboxEntry[] = []): DeviceRecord {
  const histories = new Map<string, Message[]>();
  const firstSource = new Map<string, Source>();
  for (const r of held) {
    histories.set(r.conversationId, mergeMessages(histories.get(r.conversationId) ?? [], [asMessage(r)]));
    firstSource.set(r.id, 'live');
  }
  return {
    name,
    conversations: view,
    conflicts: [],
    firstSource,
    historyOf: (id: string) => histories.get(id) ?? [],
    heldConversationIds: () => [...histories.keys()],
    outbox: { entries },
  };
}

const noChanges = (removals: string[] = []): MembershipLog => ({
  performed: { rename: 0, add: 0, remove: 0, leave: 0, readd: 0 },
  skipped: 0,
  removals: new Set(removals),
  lines: [],
});

/** alice and bob in g1; carol was in it, was removed after seq 2, and stays out. */
function world() {
  const rows = [row('g1', 1, 'alice', 'system'), row('g1', 2, 'alice'), row('g1', 3, 'alice', 'system'), row('g1', 4, 'bob')];
  const g1 = conversation('g1', ['alice', 'bob'], { lastSeq: 4 });
  const truth = new Map([
    ['alice', [g1]],
    ['bob', [g1]],
    ['carol', [] as Conversation[]],
  ]);
  const users = (carolHolds: StoredRow[], carolEntries: OutboxEntry[] = [], bobView = [g1]): VerifiedUser[] => [
    { id: 'alice', devices: [aDevice('aliced1', [g1], rows, [sent('aliced1', rows[1])])] },
    { id: 'bob', devices: [aDevice('bobd1', bobView, rows, [sent('bobd1', rows[3])])] },
    { id: 'carol', devices: [aDevice('carold1', [], carolHolds, carolEntries)] },
  ];
  return { rows, g1, truth, users };
}

describe('verify', () => {
  it('passes a world where every member device holds the whole history and sees what the server has', () => {
    const { rows, truth, users } = world();
    const verdict = verify(users(rows.slice(0, 2)), rows, truth, noChanges(['g1/carol']));
    expect(verdict.failures).toEqual([]);
    expect(passed(verdict)).toBe(true);
    expect(verdict.counts).toMatchObject({ acknowledged: 2, stored: 4, storedSystem: 2, phantom: 0, viewsChecked: 2, viewMismatches: 0 });
  });

  it('counts a message missing on a member device as lost, and a missing system line as missing', () => {
    const { rows, g1, truth } = world();
    const users: VerifiedUser[] = [
      { id: 'alice', devices: [aDevice('aliced1', [g1], rows, [sent('aliced1', rows[1])])] },
      { id: 'bob', devices: [aDevice('bobd1', [g1], [rows[0], rows[1]], [sent('bobd1', rows[3])])] },
    ];
    const verdict = verify(users, rows, truth, noChanges());
    expect(verdict.counts.lost).toBe(1);
    expect(verdict.counts.missingUnacknowledged).toBe(1);
    expect(verdict.failures.some((f) => f.startsWith('missing: bobd1 never got the system line g1#3'))).toBe(true);
  });

  it('does not require what was said after a removal, but what a former member holds must be the stored message', () => {
    const { rows, truth, users } = world();
    expect(verify(users([rows[0]]), rows, truth, noChanges()).failures).toEqual([]);
    const wrong = { ...rows[1], id: 'not-the-stored-one' };
    const verdict = verify(users([rows[0], wrong]), rows, truth, noChanges());
    expect(verdict.counts.reordered).toBe(1);
  });

  it('accepts NOT_FOUND for a send after its sender was removed, and fails it otherwise', () => {
    const { rows, truth, users } = world();
    const refused = sent('carold1', row('g1', 9, 'carol'), { acked: undefined, rejected: 'NOT_FOUND: Conversation not found' });
    const removed = verify(users([], [refused]), rows, truth, noChanges(['g1/carol']));
    expect(removed.failures).toEqual([]);
    expect(removed.counts).toMatchObject({ rejected: 0, refusedAfterRemoval: 1 });
    const never = verify(users([], [refused]), rows, truth, noChanges());
    expect(never.counts.rejected).toBe(1);
    expect(passed(never)).toBe(false);
  });

  it('fails a view that differs from the fresh fetch: a stale title or marker, a conversation still or not listed', () => {
    const { rows, g1, truth, users } = world();
    const renamedLocally = verify(users([], [], [{ ...g1, title: 'stale' }]), rows, truth, noChanges());
    expect(renamedLocally.counts.viewMismatches).toBe(1);
    expect(renamedLocally.failures[0]).toMatch(/^conversation view: bobd1 g1/);
    const markerBehind = verify(users([], [], [{ ...g1, readState: [{ userId: 'alice', lastReadSeq: 0 }, { userId: 'bob', lastReadSeq: 3 }] }]), rows, truth, noChanges());
    expect(markerBehind.counts.viewMismatches).toBe(1);
    const notListed = verify(users([], [], []), rows, truth, noChanges());
    expect(notListed.failures).toContain('membership view: bobd1 does not list g1');
    const stillListed = verify(users([], [], [g1, conversation('g2', ['bob', 'carol'])]), rows, truth, noChanges());
    expect(stillListed.failures).toContain('membership view: bobd1 still lists g2');
  });

  it('counts a stored text row that no device sent as a phantom, but never a system line', () => {
    const { rows, truth, users } = world();
    const stray = row('g1', 5, 'bob');
    const verdict = verify(users([]), [...rows, stray, row('g1', 6, 'alice', 'system')], truth, noChanges());
    expect(verdict.counts.phantom).toBe(1);
  });
});
