import { Message, Reaction, ReplyPreview } from '@parley/contract';

/** One reaction under a message: the emoji, how many, whether I am one of them, and who (for the tooltip). */
export interface ReactionChip {
  emoji: string;
  count: number;
  mine: boolean;
  /** "You, Alice and Bob". */
  who: string;
}

/** The quote above a reply: who wrote the original and its first line. */
export interface ReplyQuote {
  id: string;
  seq: number;
  senderName: string;
  /** The first line of the original, or "" when it was deleted. */
  text: string;
  deleted: boolean;
}

export type NameOfUser = (userId: string) => string;

/** "You", "You and Alice", "You, Alice and Bob": me first, the rest in the order they reacted. */
export function listNames(userIds: readonly string[], me: string, nameOf: NameOfUser): string {
  const names = [...(userIds.includes(me) ? ['You'] : []), ...userIds.filter((id) => id !== me).map(nameOf)];
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The chips, in the server's order (each emoji's first use); an emoji nobody holds any more is gone. */
export function reactionChips(reactions: readonly Reaction[] | undefined, me: string, nameOf: NameOfUser): ReactionChip[] {
  return (reactions ?? [])
    .filter((r) => r.userIds.length > 0)
    .map((r) => ({ emoji: r.emoji, count: r.userIds.length, mine: r.userIds.includes(me), who: listNames(r.userIds, me, nameOf) }));
}

export function replyQuote(preview: ReplyPreview | null | undefined, me: string, nameOf: NameOfUser): ReplyQuote | null {
  if (!preview) return null;
  return {
    id: preview.id,
    seq: preview.seq,
    senderName: preview.senderId === me ? 'You' : nameOf(preview.senderId),
    text: preview.deleted ? '' : preview.body.split('\n', 1)[0],
    deleted: preview.deleted,
  };
}

/** A reply still in the outbox: its quote from the message it answers, when that is held. */
export function previewOf(message: Message | undefined): ReplyPreview | null {
  if (!message) return null;
  return { id: message.id, seq: message.seq, senderId: message.senderId, body: message.body, deleted: message.deletedAt !== null };
}
