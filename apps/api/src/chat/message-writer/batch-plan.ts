import { ErrorCode } from '@parley/contract';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../common/domain-error';
import type { MessageEntity } from '../message.entity';

export interface NewMessage {
  senderId: string;
  conversationId: string;
  body: string;
  clientMessageId: string;
}

export type WriteOutcome = { ok: true; message: MessageEntity; created: boolean } | { ok: false; error: DomainError };

export const dedupeKey = (m: { senderId: string; clientMessageId: string }) => `${m.senderId}\u0000${m.clientMessageId}`;

/**
 * Decides, for one batch, which sends are repeats of stored messages (or of an earlier send in the
 * same batch) and which are new, grouped per conversation so each conversation's seq counter is
 * bumped once. Seqs are filled in by `assignSeqs` once the new counter values are known.
 */
export function planBatch(batch: NewMessage[], stored: MessageEntity[], now: Date) {
  const known = new Map(stored.map((m) => [dedupeKey(m), m]));
  const drafts = new Map<string, MessageEntity[]>();
  const outcomes: WriteOutcome[] = batch.map((send) => {
    const earlier = known.get(dedupeKey(send));
    if (earlier) {
      if (earlier.conversationId !== send.conversationId) {
        return {
          ok: false,
          error: new DomainError(ErrorCode.ClientMessageIdReused, 'This clientMessageId was already used for another conversation'),
        };
      }
      return { ok: true, message: earlier, created: false };
    }
    const draft: MessageEntity = { id: randomUUID(), ...send, seq: 0, pos: 0, createdAt: now };
    known.set(dedupeKey(send), draft);
    drafts.set(send.conversationId, [...(drafts.get(send.conversationId) ?? []), draft]);
    return { ok: true, message: draft, created: true };
  });
  // A repeat inside the batch points at the draft of its first occurrence, which is the one created.
  const firstIndex = new Map<MessageEntity, number>();
  outcomes.forEach((outcome, i) => {
    if (!outcome.ok || !outcome.created) return;
    if (firstIndex.has(outcome.message)) outcomes[i] = { ok: true, message: outcome.message, created: false };
    else firstIndex.set(outcome.message, i);
  });
  return { outcomes, drafts };
}

/** Gives the drafts, in order, the stream positions ending at `lastPos` (the counter after adding them all). */
export function assignPositions(drafts: MessageEntity[], lastPos: number): void {
  const first = lastPos - drafts.length + 1;
  drafts.forEach((draft, i) => (draft.pos = first + i));
}

/** `lastSeq` is the conversation's counter after adding `drafts.length`: the drafts take the seqs just below it. */
export function assignSeqs(drafts: MessageEntity[], lastSeq: number): void {
  const first = lastSeq - drafts.length + 1;
  drafts.forEach((draft, i) => (draft.seq = first + i));
}
