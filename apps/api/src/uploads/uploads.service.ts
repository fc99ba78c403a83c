import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { AttachmentKind, ErrorCode, type Attachment } from '@parley/contract';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DomainError } from '../common/domain-error';
import { uploadsConfig } from '../config/uploads.config';
import { SQL_EXECUTOR, type SqlExecutor } from '../database/sql/executor';
import { list, query, sql } from '../database/sql/statement';
import { RateLimitStore } from '../rate-limit/rate-limit.store';
import { sanitizeFileName } from './file-name';
import { detectType } from './file-type';
import { processImage } from './image-processing';
import { lingerThenClose, receiveFile } from './multipart-file';
import { FILE_STORE, type FileStore } from './storage/file-store';
import type { UploadEntity } from './upload.entity';
import { UploadLinks } from './upload-links';
import { insertUpload, toAttachment, uploadColumns } from './upload-rows';

/** An upload still streaming is not swept before this (its bytes are queued as garbage until it is stored). */
export const PENDING_GRACE_MS = 60 * 60_000;
/** Multipart framing around the file: a Content-Length beyond the limit by more than this is refused unread. */
const FRAMING_ALLOWANCE = 64 * 1024;

/**
 * Receives files (streamed to the store as they arrive, checked against the size limit, the
 * per-minute rate and the uploader's quota), detects their type from their bytes, makes image
 * thumbnails, and answers who may have fresh links to them.
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger('Uploads');

  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(uploadsConfig.KEY) private readonly config: ConfigType<typeof uploadsConfig>,
    private readonly links: UploadLinks,
    private readonly rateLimit: RateLimitStore,
  ) {}

  async upload(uploaderId: string, req: Request): Promise<Attachment> {
    try {
      return await this.receive(uploaderId, req);
    } catch (error) {
      // Refused before the body was all read (a limit, bad input): the client must still get to read the answer.
      lingerThenClose(req);
      throw error;
    }
  }

  private async receive(uploaderId: string, req: Request): Promise<Attachment> {
    const { allowed, retryAfterMs } = await this.rateLimit.hit(`upload:${uploaderId}`, 60_000, this.config.perMinute);
    if (!allowed) throw DomainError.rateLimited('Too many uploads; please wait a moment', retryAfterMs);
    const { maxBytes, quotaBytes } = this.config;
    const tooLarge = () => DomainError.tooLarge(ErrorCode.PayloadTooLarge, `A file may be at most ${maxBytes} bytes`, maxBytes);
    const overQuota = () => DomainError.tooLarge(ErrorCode.UploadQuotaExceeded, `Your files may take at most ${quotaBytes} bytes in all; delete some messages with files first`, quotaBytes);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes + FRAMING_ALLOWANCE) throw tooLarge();
    const [usage] = await this.db.all<{ bytes: number }>(sql`SELECT "bytes" FROM "upload_usage" WHERE "userId" = ${uploaderId}`);
    const remaining = quotaBytes - Number(usage?.bytes ?? 0);
    if (remaining <= 0) throw overQuota();
    const limit = remaining < maxBytes ? { bytes: remaining, error: overQuota } : { bytes: maxBytes, error: tooLarge };

    const id = randomUUID();
    const storageKey = id;
    const thumbnailKey = `${id}.thumb`;
    // Until the row is stored, its bytes are garbage the sweep may collect (after the grace): a crash leaves nothing behind.
    await this.db.all(sql`INSERT INTO "upload_garbage" ("storageKey", "dueAt") VALUES (${storageKey}, ${new Date(Date.now() + PENDING_GRACE_MS)}), (${thumbnailKey}, ${new Date(Date.now() + PENDING_GRACE_MS)})`);
    try {
      const received = await receiveFile(req, limit, async (file) => {
        await this.store.put(storageKey, file.stream, 'application/octet-stream');
        return { name: sanitizeFileName(file.filename), size: file.size(), head: file.head() };
      });
      const detected = await detectType(received.head);
      const image = detected.imageCandidate ? await processImage(await this.store.read(storageKey)) : null;
      if (image) await this.store.put(thumbnailKey, Readable.from([image.thumbnail]), 'image/webp');
      const row: UploadEntity = {
        id,
        uploaderId,
        name: received.name,
        size: received.size,
        // An image type the image library cannot decode (HEIC without its codec, a broken PNG) is a file of that type, downloaded.
        contentType: detected.contentType,
        kind: image ? AttachmentKind.Image : AttachmentKind.File,
        width: image?.width ?? null,
        height: image?.height ?? null,
        storageKey,
        thumbnailKey: image ? thumbnailKey : null,
        messageId: null,
        conversationId: null,
        position: null,
        createdAt: new Date(),
      };
      await this.finalise(row, overQuota);
      return toAttachment(row, this.links);
    } catch (error) {
      // Best effort; whatever is left is collected by the sweep once the grace is over.
      void Promise.all([this.store.delete(storageKey), this.store.delete(thumbnailKey)])
        .then(() => this.db.all(sql`DELETE FROM "upload_garbage" WHERE "storageKey" IN ${list([storageKey, thumbnailKey])}`))
        .catch(() => undefined);
      if (!(error instanceof DomainError)) this.logger.error({ err: error }, 'Upload failed');
      throw error instanceof DomainError ? error : new DomainError(ErrorCode.Unavailable, 'The file could not be stored; please retry');
    }
  }

  /**
   * One transaction: the uploader's total grows only if it stays within the quota (checked here
   * again, so parallel uploads cannot pass it together), the bytes stop being garbage, the row appears.
   */
  private async finalise(row: UploadEntity, overQuota: () => DomainError): Promise<void> {
    const quota = this.config.quotaBytes;
    await this.db.transaction(function* () {
      yield sql`INSERT INTO "upload_usage" ("userId", "bytes") VALUES (${row.uploaderId}, 0) ON CONFLICT ("userId") DO NOTHING`;
      const grown = yield* query(
        sql`UPDATE "upload_usage" SET "bytes" = "bytes" + ${row.size} WHERE "userId" = ${row.uploaderId} AND "bytes" + ${row.size} <= ${quota} RETURNING "bytes"`,
      );
      if (!grown.length) throw overQuota();
      const kept = yield* query(sql`DELETE FROM "upload_garbage" WHERE "storageKey" = ${row.storageKey} RETURNING "storageKey"`);
      // Swept while it was still arriving (it took longer than the grace): its bytes may be gone.
      if (!kept.length) throw new DomainError(ErrorCode.Unavailable, 'The upload took too long; please retry');
      yield sql`DELETE FROM "upload_garbage" WHERE "storageKey" = ${row.thumbnailKey ?? row.storageKey}`;
      yield insertUpload(row);
    });
  }

  /** A fresh Attachment for its uploader (before or after it is posted) or a current member of the conversation it was posted in. */
  async describe(userId: string, uploadId: string): Promise<Attachment> {
    const row = await this.findVisible(userId, uploadId);
    if (!row) throw DomainError.notFound('Upload');
    return toAttachment(row, this.links);
  }

  private async findVisible(userId: string, uploadId: string): Promise<UploadEntity | undefined> {
    const [row] = await this.db.all<UploadEntity>(sql`SELECT ${uploadColumns} FROM "uploads" WHERE "id" = ${uploadId}`);
    if (!row) return undefined;
    if (row.uploaderId === userId && row.messageId === null) return row;
    if (row.conversationId === null) return undefined;
    const [member] = await this.db.all(
      sql`SELECT 1 AS "one" FROM "conversation_members" WHERE "conversationId" = ${row.conversationId} AND "userId" = ${userId} AND "leftPos" IS NULL`,
    );
    return member ? row : undefined;
  }

  /** The row a valid signed link points at (the link already proved access). */
  async findForServing(uploadId: string): Promise<UploadEntity | undefined> {
    const [row] = await this.db.all<UploadEntity>(sql`SELECT ${uploadColumns} FROM "uploads" WHERE "id" = ${uploadId}`);
    return row;
  }
}
