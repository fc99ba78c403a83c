import type { Device } from './device';
import type { OutboxEntry } from './outbox';
import type { SimUser } from './population';

/** One row of the `messages` table: the truth. */
export interface StoredRow {
  id: string;
  conversationId: string;
  senderId: string;
  clientMessageId: string;
  seq: number;
}

export interface Verdict {
  counts: {
    sent: number;
    sendAttempts: number;
    /** Sends that needed more than one attempt (the server may have stored the first: dedupe answered). */
    retried: number;
    acknowledged: number;
    unacknowledged: number;
    rejected: number;
    stored: number;
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
  };
  /** Human-readable evidence for every invariant that failed (capped per kind). */
  failures: string[];
}

/**
 * Compares what every device ended up with against the database, after the final sync:
 * every acknowledged message on every member device exactly once, at its stored seq; each
 * conversation's seqs 1..N without gaps; one row per (sender, clientMessageId); nothing else.
 */
export function verify(users: SimUser[], rows: StoredRow[]): Verdict {
  const failures: string[] = [];
  const fail = (kind: string, detail: string) => {
    if (failures.filter((f) => f.startsWith(kind)).length < 15) failures.push(`${kind}: ${detail}`);
  };
  const entries = users.flatMap((u) => u.devices.flatMap((d) => d.outbox.entries));
  const acked = entries.filter((e): e is OutboxEntry & { acked: NonNullable<OutboxEntry['acked']> } => !!e.acked);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const counts: Verdict['counts'] = {
    sent: entries.length,
    sendAttempts: entries.reduce((n, e) => n + e.attempts, 0),
    retried: entries.filter((e) => e.attempts > 1).length,
    acknowledged: acked.length,
    unacknowledged: entries.filter((e) => !e.acked && !e.rejected).length,
    rejected: entries.filter((e) => e.rejected).length,
    stored: rows.length,
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
  };
  for (const e of entries.filter((e) => e.rejected)) fail('rejected', `${e.clientMessageId}: ${e.rejected}`);
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

  for (const user of users) {
    for (const device of user.devices) {
      checkDevice(device, user.conversations, truth, new Set(acked.map((e) => e.acked.id)), counts, fail);
      checkSendOrder(device, counts, fail);
    }
  }
  return { counts, failures };
}

function checkDevice(
  device: Device,
  conversations: string[],
  truth: Map<string, StoredRow[]>,
  ackedIds: Set<string>,
  counts: Verdict['counts'],
  fail: (kind: string, detail: string) => void,
): void {
  for (const conflict of device.conflicts) (counts.reordered++, fail('conflicting seq', `${device.name} ${conflict}`));
  for (const conversationId of conversations) {
    const mine = device.history.get(conversationId) ?? new Map();
    const stored = truth.get(conversationId) ?? [];
    const seenKeys = new Map<string, number>();
    for (const m of mine.values()) {
      const key = `${m.senderId}/${m.clientMessageId}`;
      seenKeys.set(key, (seenKeys.get(key) ?? 0) + 1);
    }
    for (const [key, n] of seenKeys) if (n > 1) (counts.duplicated += n - 1, fail('duplicated on device', `${device.name} has ${key} ${n} times`));
    for (const row of stored) {
      const have = mine.get(row.seq);
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
      else (counts.missingUnacknowledged++, fail('missing', `${device.name} never got stored (unacked) ${row.clientMessageId}`));
    }
    for (const [seq, m] of mine) {
      if (seq > stored.length) (counts.phantom++, fail('phantom on device', `${device.name} ${conversationId}#${seq} ${m.id} is not stored`));
    }
  }
}

/** One message in flight at a time: a device's acknowledged sends must hold increasing seqs in each conversation. */
function checkSendOrder(device: Device, counts: Verdict['counts'], fail: (kind: string, detail: string) => void): void {
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
