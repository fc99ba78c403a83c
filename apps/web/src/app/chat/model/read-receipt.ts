import { Conversation, User } from '@parley/contract';
import { listNames } from './system-text';
import { TimelineRow } from './timeline';

/** "Seen" (direct) or "Seen by 2" (group) under one of my messages; `names` for the tooltip and screen readers. */
export interface ReadReceipt {
  key: string;
  text: string;
  label: string;
}

/**
 * Direct: "Seen" under my newest message the other person has read. Group: "Seen by N" under my newest
 * message, N being the members whose marker reached it (nothing when nobody has yet).
 */
export function readReceipt(rows: readonly TimelineRow[], conversation: Conversation | null, me: User): ReadReceipt | null {
  if (!conversation) return null;
  const markers = new Map(conversation.readState.map((r) => [r.userId, r.lastReadSeq]));
  const others = conversation.members.filter((m) => m.id !== me.id);
  const mine = rows.flatMap((row) => (row.kind === 'message' && row.mine && row.seq !== null ? [{ key: row.key, seq: row.seq }] : []));
  if (conversation.kind === 'direct') {
    const other = others[0];
    const read = other ? (markers.get(other.id) ?? 0) : 0;
    const seen = mine.filter((m) => m.seq <= read).at(-1);
    return seen ? { key: seen.key, text: 'Seen', label: `Seen by ${other.displayName}` } : null;
  }
  const newest = mine.at(-1);
  if (!newest) return null;
  const readers: User[] = others
    .filter((m) => (markers.get(m.id) ?? 0) >= newest.seq)
    .sort((x, y) => x.displayName.localeCompare(y.displayName));
  if (readers.length === 0) return null;
  return { key: newest.key, text: `Seen by ${readers.length}`, label: `Seen by ${listNames(readers.map((r) => r.displayName), Infinity)}` };
}
