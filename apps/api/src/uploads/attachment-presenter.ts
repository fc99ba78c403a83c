import { Inject, Injectable } from '@nestjs/common';
import type { Attachment } from '@parley/contract';
import { SQL_EXECUTOR, type ReadPath, type SqlExecutor } from '../database/sql/executor';
import type { UploadEntity } from './upload.entity';
import { UploadLinks } from './upload-links';
import { toAttachment, uploadsOfMessages } from './upload-rows';

/** The attachments of a page of messages, with fresh signed links: one indexed read per page. */
@Injectable()
export class AttachmentPresenter {
  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly links: UploadLinks,
  ) {}

  /** `via`: the executor's `lookup` for a small page (the caller knows its size), else `all`. */
  async ofMessages(messageIds: readonly string[], via: ReadPath = 'all'): Promise<Map<string, Attachment[]>> {
    const byMessage = new Map<string, Attachment[]>();
    if (!messageIds.length) return byMessage;
    // At most a page of messages times Limits.attachmentsPerMessageMax rows.
    const rows = await this.db[via]<UploadEntity>(uploadsOfMessages(messageIds));
    for (const row of rows) byMessage.set(row.messageId!, [...(byMessage.get(row.messageId!) ?? []), toAttachment(row, this.links)]);
    return byMessage;
  }

  /** Rows already read (a new message's, under its lock). */
  present(rows: readonly UploadEntity[]): Attachment[] {
    return [...rows].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((row) => toAttachment(row, this.links));
  }
}
