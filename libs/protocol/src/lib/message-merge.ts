import type { Message } from '@parley/contract';

/** Of two copies of one message, the one to keep: a higher `version` replaces the held one, nothing else does. */
const replaces = (incoming: Message, held: Message): boolean => incoming.version > held.version;

/**
 * Merges messages into a conversation's history: one entry per seq, ascending. Live events, catch-up
 * pages and acknowledgements deliver the same message several times and in any order, and a changed
 * message comes again with a higher `version`; the result is the same whatever the order. When nothing
 * changes the very same array comes back, so a signal holding it does not fire.
 */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return existing as Message[];
  const bySeq = new Map<number, Message>();
  for (const message of existing) bySeq.set(message.seq, message);
  let changed = false;
  for (const message of incoming) {
    const held = bySeq.get(message.seq);
    if (held && !replaces(message, held)) continue;
    bySeq.set(message.seq, message);
    changed = true;
  }
  if (!changed) return existing as Message[];
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The message held at a seq, if any (a binary search: the history is in seq order). */
export function messageAt(messages: readonly Message[], seq: number): Message | undefined {
  let low = 0;
  let high = messages.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = messages[middle].seq;
    if (found === seq) return messages[middle];
    if (found < seq) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/** The highest seq held, or 0 for an empty history. */
export function lastSeq(messages: readonly Message[]): number {
  return messages.length === 0 ? 0 : messages[messages.length - 1].seq;
}

/**
 * The highest seq up to which the history has no hole, starting from the oldest message held.
 * Catch-up asks for everything after it, so a gap opened by a live message is filled too.
 */
export function contiguousEnd(messages: readonly Message[]): number {
  if (messages.length === 0) return 0;
  let end = messages[0].seq;
  for (let i = 1; i < messages.length && messages[i].seq === end + 1; i++) end = messages[i].seq;
  return end;
}

/**
 * Where catch-up resumes: after the contiguous run that starts the history, or after 0 when the history
 * is meant to reach back to seq 1 (no older pages) yet does not. Below `lastSeq`, something is missing.
 */
export function catchUpAfter(messages: readonly Message[], reachesStart: boolean): number {
  if (reachesStart && messages.length > 0 && messages[0].seq > 1) return 0;
  return contiguousEnd(messages);
}

/** Some seq up to the newest held is missing. */
export function hasHole(messages: readonly Message[], reachesStart: boolean): boolean {
  return catchUpAfter(messages, reachesStart) < lastSeq(messages);
}
