import { ErrorCode, MessageKind } from '@parley/contract';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../common/domain-error';
import type { MessageEntity } from '../message.entity';
import type { UploadEntity } from '../../uploads/upload.entity';

export interface NewMessage {
  senderId: string;
  conversationId: string;
  body: string;
  clientMessageId: string;
  /** The message this one answers; checked under the conversation's lock. */
  replyToId?: string | null;
  /** Uploads to attach, in order; claimed under the lock (see planBatch). */
  attachmentIds?: readonly string[];
}

/** An upload a send claims for its new message, at this place among its attachments. */
export interface UploadClaim {
  uploadId: string;
  messageId: string;
  conversationId: string;
  position: number;
}

/** A message a send answers, as read under the lock (its preview body already cut). */
export interface ReplyTarget {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  body: string;
  deletedAt: Date | null;
}

/**
 * `recipients`: the conversation's members when the batch committed, read under its lock (exact on
 * every process). `replyTo`: for a new reply, the message it answers as read under the lock.
 */
export type WriteOutcome =
  | { ok: true; message: MessageEntity; created: boolean; recipients: readonly string[]; replyTo?: ReplyTarget; attachments?: UploadEntity[] }
  | { ok: false; error: DomainError };

export const dedupeKey = (m: { senderId: string; clientMessageId: string }) => `${m.senderId}\u0000${m.clientMessageId}`;

/**
 * Decides, for one batch, which sends are repeats of stored messages (or of an earlier send in the
 * same batch) and which are new, grouped per conversation so each conversation's seq counter is
 * bumped once. Seqs and stream positions are filled in by `assignConsecutive` once the new counter values are known.
 */
export function planBatch(
  batch: NewMessage[],
  stored: MessageEntity[],
  now: Date,
  members: ReadonlyMap<string, readonly string[]>,
  targets: ReadonlyMap<string, ReplyTarget> = new Map(),
  uploads: ReadonlyMap<string, UploadEntity> = new Map(),
) {
  const known = new Map(stored.map((m) => [dedupeKey(m), m]));
  const claims: UploadClaim[] = [];
  const claimed = new Set<string>();
  const drafts = new Map<string, MessageEntity[]>();
  const outcomes: WriteOutcome[] = batch.map((send) => {
    const recipients = members.get(send.conversationId) ?? [];
    // Checked under the conversation's lock: someone removed a moment ago cannot slip a message in.
    if (!recipients.includes(send.senderId)) return { ok: false, error: DomainError.notFound('Conversation') };
    const earlier = known.get(dedupeKey(send));
    if (earlier) {
      if (earlier.conversationId !== send.conversationId) {
        return {
          ok: false,
          error: new DomainError(ErrorCode.ClientMessageIdReused, 'This clientMessageId was already used for another conversation'),
        };
      }
      return { ok: true, message: earlier, created: false, recipients };
    }
    const replyToId = send.replyToId ?? null;
    if (replyToId !== null) {
      const target = targets.get(replyToId);
      // The same answer whether it does not exist or belongs to another conversation: nothing leaks.
      if (target?.conversationId !== send.conversationId) {
        return { ok: false, error: DomainError.validation([{ field: 'replyToId', message: 'must be the id of a message in this conversation' }]) };
      }
      if (target.deletedAt) return { ok: false, error: new DomainError(ErrorCode.MessageDeleted, 'That message was deleted') };
    }
    const attachmentIds = send.attachmentIds ?? [];
    // The same answer for someone else's, an attached and an unknown upload: nothing leaks.
    const unusable = attachmentIds.findIndex((id) => {
      const upload = uploads.get(id);
      return !upload || upload.uploaderId !== send.senderId || upload.messageId !== null || claimed.has(id);
    });
    if (unusable >= 0) {
      return {
        ok: false,
        error: DomainError.validation([{ field: `attachmentIds.${unusable}`, message: 'must be the id of your own upload that is not attached to a message yet' }]),
      };
    }
    const draft: MessageEntity = {
      id: randomUUID(),
      senderId: send.senderId,
      conversationId: send.conversationId,
      body: send.body,
      clientMessageId: send.clientMessageId,
      seq: 0,
      pos: 0,
      createdAt: now,
      kind: MessageKind.Text,
      system: null,
      version: 1,
      editedAt: null,
      deletedAt: null,
      replyToId,
      searchKey: 0,
    };
    // A repeat later in this batch finds the draft here and is answered with it, not stored again.
    known.set(dedupeKey(send), draft);
    attachmentIds.forEach((uploadId, position) => {
      claimed.add(uploadId);
      claims.push({ uploadId, messageId: draft.id, conversationId: draft.conversationId, position });
    });
    const attachments = attachmentIds.map((id, position) => ({ ...uploads.get(id)!, messageId: draft.id, conversationId: draft.conversationId, position }));
    drafts.set(send.conversationId, [...(drafts.get(send.conversationId) ?? []), draft]);
    const replyTo = replyToId === null ? undefined : targets.get(replyToId);
    return { ok: true, message: draft, created: true, recipients, attachments, ...(replyTo ? { replyTo } : {}) };
  });
  return { outcomes, drafts, claims };
}

/**
 * `last` is a counter's value after adding `drafts.length` (a conversation's seq, or the stream
 * position): the drafts, in order, take the values ending at it.
 */
export function assignConsecutive(drafts: MessageEntity[], field: 'seq' | 'pos', last: number): void {
  const first = last - drafts.length + 1;
  drafts.forEach((draft, i) => (draft[field] = first + i));
}
