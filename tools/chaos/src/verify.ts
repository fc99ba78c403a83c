import { ErrorCode, type Conversation } from '@parley/contract';
import { messageAt } from '@parley/protocol';
import type { Device } from './device';
import type { MembershipLog } from './membership';
import type { OutboxEntry } from './outbox';

/** What the verdict reads of a device: what it shows, where each message came from, what it sent. */
export type DeviceRecord = Pick<Device, 'name' | 'conversations' | 'conflicts' | 'firstSource' | 'historyOf' | 'heldConversationIds'> & {
  outbox: { entries: readonly OutboxEntry[] };
};

/** A user as the verdict sees them (a SimUser is one). */
export interface VerifiedUser {
  id: string;
  devices: readonly DeviceRecord[];
}

/** One row of the `messages` table: the truth. */
export interface StoredRow {
  id: string;
  conversationId: string;
  senderId: string;
  clientMessageId: string;
  seq: number;
  /** 'text' or 'system' (the server's own lines: nobody's outbox sent them). */
  kind: string;
}

/** Each user's conversations from a fresh `GET /api/conversations` after the final sync: the truth of memberships and read state. */
export type ConversationTruth = Map<string, Conversation[]>;

export interface Verdict {
  counts: {
    sent: number;
    sendAttempts: number;
    /** Sends that needed more than one attempt (the server may have stored the first: dedupe answered). */
    retried: number;
    acknowledged: number;
    unacknowledged: number;
    rejected: number;
    /** NOT_FOUND for a send into a conversation its sender had been removed from or left: expected, not a failure. */
    refusedAfterRemoval: number;
    /** Replies refused because the message they answered had been deleted meanwhile. */
    repliesRefusedAsDeleted: number;
    stored: number;
    /** The server's own lines (created, renamed, members added or removed). */
    storedSystem: number;
    storedWithoutAck: number;
    /** (device, acknowledged message) pairs, by how the device first got it. */
    deliveries: number;
    deliveredByOwnAck: number;
    deliveredLive: number;
    recoveredByCatchUp: number;
    recoveredBySync: number;
    recoveredByGapFetch: number;
    /** Only the final sync brought them: a real device would not show them until its next reconnect or a later message. */
    recoveredByFinalSync: number;
    lost: number;
    duplicated: number;
    reordered: number;
    seqGaps: number;
    missingUnacknowledged: number;
    phantom: number;
    /** (device, conversation) pairs whose view (membership, members, title, read state) was compared with a fresh fetch. */
    viewsChecked: number;
    viewMismatches: number;
  };
  /** Human-readable evidence for every invariant that failed (capped per kind). */
  failures: string[];
}

/**
 * Compares what every device ended up with against the database, after the final sync:
 * every acknowledged message on every member device exactly once, at its stored seq; each
 * conversation's seqs 1..N without gaps; one row per (sender, clientMessageId); nothing else.
 */
export function verify(users: readonly VerifiedUser[], rows: StoredRow[], truthViews: ConversationTruth, membership: MembershipLog): Verdict {
  const failures: string[] = [];
  const fail = (kind: string, detail: string) => {
    if (failures.filter((f) => f.startsWith(kind)).length < 15) failures.push(`${kind}: ${detail}`);
  };
  const entries = users.flatMap((u) => u.devices.flatMap((d) => d.outbox.entries));
  const senderOf = new Map(users.flatMap((u) => u.devices.map((d) => [d.name, u.id] as const)));
  const refusedAfterRemoval = (e: OutboxEntry) =>
    !!e.rejected?.startsWith('NOT_FOUND') && membership.removals.has(`${e.conversationId}/${senderOf.get(e.device)}`);
  // A reply whose original was deleted before it landed is refused (MESSAGE_DELETED), as it should be.
  const refusedAsDeleted = (e: OutboxEntry) => !!e.replyToId && !!e.rejected?.startsWith(ErrorCode.MessageDeleted);
  const refusedForGood = (e: OutboxEntry) => refusedAfterRemoval(e) || refusedAsDeleted(e);
  const acked = entries.filter((e): e is OutboxEntry & { acked: NonNullable<OutboxEntry['acked']> } => !!e.acked);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const counts: Verdict['counts'] = {
    sent: entries.length,
    sendAttempts: entries.reduce((n, e) => n + e.attempts, 0),
    retried: entries.filter((e) => e.attempts > 1).length,
    acknowledged: acked.length,
    unacknowledged: entries.filter((e) => !e.acked && !e.rejected).length,
    rejected: entries.filter((e) => e.rejected && !refusedForGood(e)).length,
    refusedAfterRemoval: entries.filter(refusedAfterRemoval).length,
    repliesRefusedAsDeleted: entries.filter(refusedAsDeleted).length,
    stored: rows.length,
    storedSystem: rows.filter((r) => r.kind === 'system').length,
    storedWithoutAck: 0,
    deliveries: 0,
    deliveredByOwnAck: 0,
    deliveredLive: 0,
    recoveredByCatchUp: 0,
    recoveredBySync: 0,
    recoveredByGapFetch: 0,
    recoveredByFinalSync: 0,
    lost: 0,
    duplicated: 0,
    reordered: 0,
    seqGaps: 0,
    missingUnacknowledged: 0,
    phantom: 0,
    viewsChecked: 0,
    viewMismatches: 0,
  };
  for (const e of entries.filter((e) => e.rejected && !refusedForGood(e))) fail('rejected', `${e.clientMessageId}: ${e.rejected}`);
  if (counts.unacknowledged) fail('unacknowledged', `${counts.unacknowledged} sends still in outboxes after the settle period`);

  // The database itself: gap-free seqs, one row per (sender, clientMessageId), nothing nobody sent.
  const truth = new Map<string, StoredRow[]>();
  for (const r of rows) truth.set(r.conversationId, [...(truth.get(r.conversationId) ?? []), r]);
  for (const [conversationId, list] of truth) {
    list.sort((a, b) => a.seq - b.seq);
    list.forEach((r, i) => {
      if (r.seq !== i + 1) (counts.seqGaps++, fail('seq gap', `${conversationId}: position ${i + 1} holds seq ${r.seq}`));
    });
  }
  const sentByClientId = new Map(entries.map((e) => [e.clientMessageId, e]));
  const perKey = new Map<string, StoredRow[]>();
  for (const r of rows) perKey.set(`${r.senderId}/${r.clientMessageId}`, [...(perKey.get(`${r.senderId}/${r.clientMessageId}`) ?? []), r]);
  for (const [key, list] of perKey) {
    if (list.length > 1) (counts.duplicated += list.length - 1, fail('duplicated in database', `${key} stored ${list.length} times`));
  }
  for (const r of rows) {
    if (r.kind === 'system') continue;
    const entry = sentByClientId.get(r.clientMessageId);
    if (!entry) (counts.phantom++, fail('phantom', `stored ${r.id} (${r.clientMessageId}) that no device sent`));
    else if (!entry.acked) counts.storedWithoutAck++;
  }

  for (const e of acked) {
    const row = byId.get(e.acked.id);
    if (!row) (counts.lost++, fail('lost', `${e.clientMessageId} acked as ${e.acked.id} but not in the database`));
    else if (row.seq !== e.acked.seq || row.clientMessageId !== e.clientMessageId) {
      counts.reordered++;
      fail('ack mismatch', `${e.clientMessageId} acked with seq ${e.acked.seq}, stored ${row.clientMessageId} at ${row.seq}`);
    }
  }

  const ackedIds = new Set(acked.map((e) => e.acked.id));
  for (const user of users) {
    const view = truthViews.get(user.id) ?? [];
    for (const device of user.devices) {
      // Complete where the user is a member at the end (an added member sees the whole history too).
      checkDevice(device, view.map((c) => c.id), truth, ackedIds, counts, fail);
      checkFormerHistories(device, new Set(view.map((c) => c.id)), truth, counts, fail);
      checkView(device, view, counts, fail);
      checkSendOrder(device, counts, fail);
    }
  }
  return { counts, failures };
}

function checkDevice(
  device: DeviceRecord,
  conversations: string[],
  truth: Map<string, StoredRow[]>,
  ackedIds: Set<string>,
  counts: Verdict['counts'],
  fail: (kind: string, detail: string) => void,
): void {
  for (const conflict of device.conflicts) (counts.reordered++, fail('conflicting seq', `${device.name} ${conflict}`));
  for (const conversationId of conversations) {
    const mine = device.historyOf(conversationId);
    const stored = truth.get(conversationId) ?? [];
    const seenKeys = new Map<string, number>();
    for (const m of mine) {
      const key = `${m.senderId}/${m.clientMessageId}`;
      seenKeys.set(key, (seenKeys.get(key) ?? 0) + 1);
    }
    for (const [key, n] of seenKeys) if (n > 1) (counts.duplicated += n - 1, fail('duplicated on device', `${device.name} has ${key} ${n} times`));
    for (const row of stored) {
      const have = messageAt(mine, row.seq);
      const isAcked = ackedIds.has(row.id);
      if (isAcked) {
        counts.deliveries++;
        const source = device.firstSource.get(row.id);
        if (source === 'ack') counts.deliveredByOwnAck++;
        else if (source === 'live') counts.deliveredLive++;
        else if (source === 'sync') (counts.recoveredByCatchUp++, counts.recoveredBySync++);
        else if (source === 'gap') (counts.recoveredByCatchUp++, counts.recoveredByGapFetch++);
        else if (source === 'final') (counts.recoveredByCatchUp++, counts.recoveredByFinalSync++);
      }
      if (have?.id === row.id) continue;
      if (have) (counts.reordered++, fail('reordered', `${device.name} ${conversationId}#${row.seq} shows ${have.id}, stored ${row.id}`));
      else if (isAcked) (counts.lost++, fail('lost', `${device.name} never got ${row.clientMessageId} (${conversationId}#${row.seq})`));
      else if (row.kind === 'system') (counts.missingUnacknowledged++, fail('missing', `${device.name} never got the system line ${conversationId}#${row.seq}`));
      else (counts.missingUnacknowledged++, fail('missing', `${device.name} never got stored (unacked) ${row.clientMessageId}`));
    }
    for (const m of mine) {
      const seq = m.seq;
      if (seq > stored.length) (counts.phantom++, fail('phantom on device', `${device.name} ${conversationId}#${seq} ${m.id} is not stored`));
    }
  }
}

/**
 * Conversations the user is no longer in: the device may legitimately miss what was said after the
 * removal, but what it does hold must still be the stored message at each seq, once.
 */
function checkFormerHistories(
  device: DeviceRecord,
  memberOf: ReadonlySet<string>,
  truth: Map<string, StoredRow[]>,
  counts: Verdict['counts'],
  fail: (kind: string, detail: string) => void,
): void {
  for (const conversationId of device.heldConversationIds()) {
    if (memberOf.has(conversationId)) continue;
    const stored = truth.get(conversationId) ?? [];
    for (const m of device.historyOf(conversationId)) {
      const row = stored[m.seq - 1];
      if (!row) (counts.phantom++, fail('phantom on device', `${device.name} ${conversationId}#${m.seq} ${m.id} is not stored`));
      else if (row.id !== m.id) (counts.reordered++, fail('reordered', `${device.name} ${conversationId}#${m.seq} shows ${m.id}, stored ${row.id}`));
    }
  }
}

const describeView = (c: Conversation) =>
  JSON.stringify({
    title: c.title,
    members: c.members.map((m) => m.id).sort(),
    lastSeq: c.lastSeq,
    unreadCount: c.unreadCount,
    readState: [...c.readState].sort((a, b) => a.userId.localeCompare(b.userId)).map((r) => `${r.userId}:${r.lastReadSeq}`),
  });

/** The device's list equals a fresh fetch: the same conversations, each with the same members, title, read markers and unread count. */
function checkView(device: DeviceRecord, truth: Conversation[], counts: Verdict['counts'], fail: (kind: string, detail: string) => void): void {
  const { compared, mismatches } = compareView(device, truth);
  counts.viewsChecked += compared;
  counts.viewMismatches += mismatches.length;
  for (const [kind, detail] of mismatches) fail(kind, detail);
}

function compareView(device: DeviceRecord, truth: Conversation[]): { compared: number; mismatches: [string, string][] } {
  const mine = new Map(device.conversations.map((c) => [c.id, c]));
  const fresh = new Map(truth.map((c) => [c.id, c]));
  const mismatches: [string, string][] = [];
  const ids = new Set([...mine.keys(), ...fresh.keys()]);
  for (const id of ids) {
    const have = mine.get(id);
    const want = fresh.get(id);
    if (!have || !want) {
      mismatches.push(['membership view', `${device.name} ${have ? 'still lists' : 'does not list'} ${id}`]);
      continue;
    }
    const [a, b] = [describeView(have), describeView(want)];
    if (a !== b) mismatches.push(['conversation view', `${device.name} ${id}: has ${a}, fresh fetch ${b}`]);
  }
  return { compared: ids.size, mismatches };
}

/**
 * How many (device, conversation) views differ from the server's before the final sync, once the
 * cluster is healthy and quiet: what live events and reconnect syncs alone got right. Reported, not
 * failed (like recoveredByFinalSync): a device whose retries ran out legitimately waits for its next trigger.
 */
export function viewsBehind(users: readonly VerifiedUser[], truth: ConversationTruth): number {
  return users.flatMap((u) => u.devices.map((d) => compareView(d, truth.get(u.id) ?? []).mismatches.length)).reduce((a, b) => a + b, 0);
}

/** One message in flight at a time: a device's acknowledged sends must hold increasing seqs in each conversation. */
function checkSendOrder(device: DeviceRecord, counts: Verdict['counts'], fail: (kind: string, detail: string) => void): void {
  const last = new Map<string, number>();
  for (const e of device.outbox.entries) {
    if (!e.acked) continue;
    const previous = last.get(e.conversationId) ?? 0;
    if (e.acked.seq <= previous) (counts.reordered++, fail('send order', `${e.clientMessageId} got seq ${e.acked.seq} after seq ${previous}`));
    last.set(e.conversationId, e.acked.seq);
  }
}

export function passed(verdict: Verdict): boolean {
  return verdict.failures.length === 0;
}
