import { AttachmentKind, type Attachment } from '@parley/contract';
import { join, list, query, raw, sql, type Statement, type Work } from '../database/sql/statement';
import type { UploadEntity } from './upload.entity';
import type { UploadLinks } from './upload-links';

/** The columns an upload is read with, in one place. */
const UPLOAD_COLUMNS = [
  'id', 'uploaderId', 'name', 'size', 'contentType', 'kind', 'width', 'height', 'storageKey', 'thumbnailKey',
  'messageId', 'conversationId', 'position', 'createdAt',
] as const;

export const uploadColumns = raw(UPLOAD_COLUMNS.map((c) => `"${c}"`).join(', '));

export function insertUpload(u: UploadEntity): Statement {
  return sql`INSERT INTO "uploads" (${uploadColumns}) VALUES (${u.id}, ${u.uploaderId}, ${u.name}, ${u.size}, ${u.contentType}, ${u.kind},
             ${u.width}, ${u.height}, ${u.storageKey}, ${u.thumbnailKey}, ${u.messageId}, ${u.conversationId}, ${u.position}, ${u.createdAt})`;
}

/** The attachments of a page of messages, in the order each message carries them: one indexed read. */
export function uploadsOfMessages(messageIds: readonly string[]): Statement {
  return sql`SELECT ${uploadColumns} FROM "uploads" WHERE "messageId" IN ${list(messageIds)} ORDER BY "messageId", "position"`;
}

/**
 * Inside a send's transaction, after the conversations' locks (lock order step 2): the uploads a
 * batch wants to attach, locked on PostgreSQL so two sends racing for one upload are serialised and
 * the second sees it taken.
 */
export function lockUploads(ids: readonly string[], forUpdate: string): Statement {
  return sql`SELECT ${uploadColumns} FROM "uploads" WHERE "id" IN ${list(ids)} ORDER BY "id" ${raw(forUpdate)}`;
}

/** Claims uploads for their messages; only still-unattached ones (checked again by the caller). */
export function* attachUploads(claims: readonly { uploadId: string; messageId: string; conversationId: string; position: number }[]): Work<number> {
  if (!claims.length) return 0;
  const values = join(claims.map((c) => sql`(${c.uploadId}, ${c.messageId}, ${c.conversationId}, CAST(${c.position} AS INTEGER))`));
  const rows = yield* query<{ id: string }>(
    sql`UPDATE "uploads" SET "messageId" = v.column2, "conversationId" = v.column3, "position" = v.column4
        FROM (VALUES ${values}) AS v WHERE "uploads"."id" = v.column1 AND "uploads"."messageId" IS NULL RETURNING "uploads"."id"`,
  );
  return rows.length;
}

/**
 * Removes uploads (a deleted message's, or orphans) inside a transaction: their rows go, their
 * uploaders' totals drop, and their storage keys are queued in upload_garbage, due now. Returns
 * the keys, for the caller to delete after commit (the sweep retries whatever that misses).
 */
export function* discardUploads(where: Statement, now: Date): Work<string[]> {
  const removed = yield* query<Pick<UploadEntity, 'uploaderId' | 'size' | 'storageKey' | 'thumbnailKey'>>(
    sql`DELETE FROM "uploads" WHERE ${where} RETURNING "uploaderId", "size", "storageKey", "thumbnailKey"`,
  );
  if (!removed.length) return [];
  const keys = removed.flatMap((r) => (r.thumbnailKey ? [r.storageKey, r.thumbnailKey] : [r.storageKey]));
  yield sql`INSERT INTO "upload_garbage" ("storageKey", "dueAt") VALUES ${join(keys.map((k) => sql`(${k}, ${now})`))} ON CONFLICT ("storageKey") DO NOTHING`;
  const freed = new Map<string, number>();
  for (const r of removed) freed.set(r.uploaderId, (freed.get(r.uploaderId) ?? 0) + Number(r.size));
  const values = join([...freed].map(([userId, bytes]) => sql`(${userId}, CAST(${bytes} AS BIGINT))`));
  yield sql`UPDATE "upload_usage" SET "bytes" = "upload_usage"."bytes" - v.column2 FROM (VALUES ${values}) AS v WHERE "upload_usage"."userId" = v.column1`;
  return keys;
}

/** A deleted message's attachments. */
export const ofMessage = (messageId: string) => sql`"messageId" = ${messageId}`;

/** The contract's view of an upload, with fresh signed links. */
export function toAttachment(row: UploadEntity, links: UploadLinks): Attachment {
  const attachment: Attachment = {
    id: row.id,
    name: row.name,
    size: Number(row.size),
    contentType: row.contentType,
    kind: row.kind,
    url: links.link(row.id, 'original'),
  };
  if (row.kind === AttachmentKind.Image) {
    if (row.width !== null) attachment.width = Number(row.width);
    if (row.height !== null) attachment.height = Number(row.height);
    if (row.thumbnailKey) attachment.thumbnailUrl = links.link(row.id, 'thumbnail');
  }
  return attachment;
}
