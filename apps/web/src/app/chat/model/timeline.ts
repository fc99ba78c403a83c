import { Attachment, Message, User } from '@parley/contract';
import { previewOf, ReactionChip, reactionChips, ReplyQuote, replyQuote } from './message-extras';
import { attachmentsText, NameOf, systemText } from './system-text';

export type DeliveryState = 'sending' | 'sent' | 'failed';

/** A message of ours that the server has not acknowledged yet (kept in the outbox). */
export interface PendingMessage {
  clientMessageId: string;
  conversationId: string;
  body: string;
  createdAt: string;
  state: 'sending' | 'failed';
  error?: string;
  /** v2: the message this one answers. */
  replyToId?: string;
  /** v2: files uploaded already (see UploadsStore), sent as `attachmentIds` and shown while the message is on its way. */
  attachments?: Attachment[];
}

export interface MessageRow {
  kind: 'message';
  /** sender + clientMessageId, so an optimistic row keeps its DOM node when the server's copy replaces it. */
  key: string;
  clientMessageId: string;
  /** Null while it is only in the outbox. */
  seq: number | null;
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
  /** v2: the stored message's id (null while only in the outbox), for edits, deletions, reactions and replies. */
  id: string | null;
  edited: boolean;
  /** A tombstone: "This message was deleted". */
  deleted: boolean;
  reactions: ReactionChip[];
  replyTo: ReplyQuote | null;
  /** v2: images and files, in the order they were attached (a pending send's too). */
  attachments: Attachment[];
}

export interface DayRow {
  kind: 'day';
  key: string;
  label: string;
}

/** A line the server wrote ("Alice added Bob"), shown centred. */
export interface SystemRow {
  kind: 'system';
  key: string;
  seq: number;
  text: string;
  createdAt: Date;
}

/** "New messages": before the first message that was unread when the conversation was opened. */
export interface UnreadRow {
  kind: 'unread';
  key: string;
}

export type TimelineRow = MessageRow | DayRow | SystemRow | UnreadRow;

export interface TimelineOptions {
  /** Everyone who may be named, former members included (system lines name them). */
  people?: ReadonlyMap<string, User>;
  /** My read marker when the conversation was opened: the divider goes before the first later message of others. */
  unreadAfter?: number | null;
}

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

/**
 * A reply to a message that is only its files quotes them ("Image: sunset.png") rather than nothing:
 * the preview carries the body alone, so they are named when the original is held, and "Attachment" otherwise.
 */
function withFilesNamed(quote: ReplyQuote | null, messages: readonly Message[]): ReplyQuote | null {
  if (!quote || quote.deleted || quote.text) return quote;
  const original = messages.find((m) => m.id === quote.id);
  return { ...quote, text: attachmentsText(original?.attachments ?? []) || 'Attachment' };
}

/** Turns the stored history plus our pending sends into display rows with day separators and sender groups. */
export function buildTimeline(
  messages: readonly Message[],
  pending: readonly PendingMessage[],
  me: User,
  members: readonly User[],
  now = new Date(),
  options: TimelineOptions = {},
): TimelineRow[] {
  const names = new Map([...(options.people?.values() ?? []), ...members].map((member) => [member.id, member.displayName]));
  names.set(me.id, me.displayName);
  const nameOf: NameOf = (id) => names.get(id) ?? 'Someone';
  const unreadAfter = options.unreadAfter ?? null;
  let dividerPlaced = unreadAfter === null;
  const confirmedIds = new Set(messages.filter((m) => m.senderId === me.id).map((m) => m.clientMessageId));
  const entries = [
    ...messages.map((m) => ({ ...m, id: m.id as string | null, seq: m.seq as number | null, status: (m.senderId === me.id ? 'sent' : null) as DeliveryState | null, error: undefined as string | undefined })),
    ...pending
      .filter((p) => !confirmedIds.has(p.clientMessageId))
      .map((p) => ({
        ...p,
        id: null,
        senderId: me.id,
        seq: null,
        kind: 'text' as const,
        system: undefined,
        status: p.state as DeliveryState | null,
        editedAt: null,
        deletedAt: null,
        reactions: [],
        replyTo: p.replyToId ? previewOf(messages.find((m) => m.id === p.replyToId)) : null,
        attachments: p.attachments ?? [],
      })),
  ];

  const rows: TimelineRow[] = [];
  let previous: { senderId: string; at: Date } | null = null;
  let lastDay: string | null = null;
  for (const entry of entries) {
    const at = new Date(entry.createdAt);
    const day = dayKey(at);
    if (lastDay !== day) {
      rows.push({ kind: 'day', key: `day-${day}`, label: dayLabel(at, now) });
      lastDay = day;
      previous = null;
    }
    if (!dividerPlaced && entry.seq !== null && entry.seq > (unreadAfter ?? 0) && entry.senderId !== me.id) {
      rows.push({ kind: 'unread', key: 'unread' });
      dividerPlaced = true;
      previous = null;
    }
    if (entry.kind === 'system' && entry.system && entry.seq !== null) {
      rows.push({ kind: 'system', key: `system:${entry.seq}`, seq: entry.seq, text: systemText(entry.system, nameOf, me.id), createdAt: at });
      previous = null;
      continue;
    }
    const startsGroup =
      !previous || previous.senderId !== entry.senderId || at.getTime() - previous.at.getTime() > GROUP_WINDOW_MS;
    rows.push({
      kind: 'message',
      key: `${entry.senderId}:${entry.clientMessageId}`,
      clientMessageId: entry.clientMessageId,
      seq: entry.seq,
      body: entry.body,
      senderName: names.get(entry.senderId) ?? 'Former member',
      mine: entry.senderId === me.id,
      createdAt: at,
      status: entry.status,
      error: entry.error,
      startsGroup,
      endsGroup: true,
      id: entry.id,
      edited: !!entry.editedAt && !entry.deletedAt,
      deleted: !!entry.deletedAt,
      reactions: reactionChips(entry.reactions, me.id, nameOf),
      replyTo: withFilesNamed(replyQuote(entry.replyTo, me.id, nameOf), messages),
      // A deleted message's files went with it.
      attachments: entry.deletedAt ? [] : entry.attachments,
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
