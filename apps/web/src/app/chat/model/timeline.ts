import { Message, User } from '@parley/contract';

export type DeliveryState = 'sending' | 'sent' | 'failed';

/** A message of ours that the server has not acknowledged yet (kept in the outbox). */
export interface PendingMessage {
  clientMessageId: string;
  conversationId: string;
  body: string;
  createdAt: string;
  state: 'sending' | 'failed';
  error?: string;
}

export interface MessageRow {
  kind: 'message';
  /** sender + clientMessageId, so an optimistic row keeps its DOM node when the server's copy replaces it. */
  key: string;
  clientMessageId: string;
  body: string;
  senderName: string;
  mine: boolean;
  createdAt: Date;
  status: DeliveryState | null;
  error?: string;
  /** First of a run of messages by the same sender close together: shows the name. */
  startsGroup: boolean;
  /** Last of such a run: shows the time. */
  endsGroup: boolean;
}

export interface DayRow {
  kind: 'day';
  key: string;
  label: string;
}

export type TimelineRow = MessageRow | DayRow;

const GROUP_WINDOW_MS = 5 * 60_000;

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

export function dayLabel(date: Date, now: Date): string {
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOf(now) - startOf(date)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  const sameYear = date.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(undefined, {
    weekday: days < 7 ? 'long' : undefined,
    month: 'long',
    day: 'numeric',
    year: sameYear ? undefined : 'numeric',
  }).format(date);
}

/** Turns the stored history plus our pending sends into display rows with day separators and sender groups. */
export function buildTimeline(
  messages: readonly Message[],
  pending: readonly PendingMessage[],
  me: User,
  members: readonly User[],
  now = new Date(),
): TimelineRow[] {
  const names = new Map(members.map((member) => [member.id, member.displayName]));
  names.set(me.id, me.displayName);
  const confirmedIds = new Set(messages.filter((m) => m.senderId === me.id).map((m) => m.clientMessageId));
  const entries = [
    ...messages.map((m) => ({ ...m, status: (m.senderId === me.id ? 'sent' : null) as DeliveryState | null, error: undefined as string | undefined })),
    ...pending
      .filter((p) => !confirmedIds.has(p.clientMessageId))
      .map((p) => ({ ...p, senderId: me.id, status: p.state as DeliveryState | null })),
  ];

  const rows: TimelineRow[] = [];
  let previous: { senderId: string; at: Date } | null = null;
  for (const entry of entries) {
    const at = new Date(entry.createdAt);
    const day = dayKey(at);
    if (!previous || dayKey(previous.at) !== day) {
      rows.push({ kind: 'day', key: `day-${day}`, label: dayLabel(at, now) });
      previous = null;
    }
    const startsGroup =
      !previous || previous.senderId !== entry.senderId || at.getTime() - previous.at.getTime() > GROUP_WINDOW_MS;
    rows.push({
      kind: 'message',
      key: `${entry.senderId}:${entry.clientMessageId}`,
      clientMessageId: entry.clientMessageId,
      body: entry.body,
      senderName: names.get(entry.senderId) ?? 'Unknown',
      mine: entry.senderId === me.id,
      createdAt: at,
      status: entry.status,
      error: entry.error,
      startsGroup,
      endsGroup: true,
    });
    previous = { senderId: entry.senderId, at };
  }
  for (let i = 0; i < rows.length - 1; i++) {
    const row = rows[i];
    const next = rows[i + 1];
    if (row.kind === 'message') row.endsGroup = next.kind !== 'message' || next.startsGroup;
  }
  return rows;
}
