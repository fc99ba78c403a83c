import type { AttachmentKind } from '@parley/contract';
import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigintAsNumber = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/**
 * One stored file. Created by `POST /api/uploads` (unattached), claimed by at most one message in
 * the transaction that stores it, removed with that message (its bytes then go through upload_garbage).
 * Written and read with the SQL statements of upload-rows.ts; the entity describes the table.
 */
@Entity('uploads')
export class UploadEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 36 }) uploaderId!: string;
  /** Sanitised (see file-name.ts): for display and Content-Disposition only, never a path. */
  @Column({ type: 'varchar', length: 255 }) name!: string;
  @Column({ type: 'bigint', transformer: bigintAsNumber }) size!: number;
  /** Detected from the bytes. */
  @Column({ type: 'varchar', length: 128 }) contentType!: string;
  @Column({ type: 'varchar', length: 8 }) kind!: AttachmentKind;
  @Column({ type: 'integer', nullable: true }) width!: number | null;
  @Column({ type: 'integer', nullable: true }) height!: number | null;
  /** The key of the bytes in the file store: random, never derived from the name. */
  @Column({ type: 'varchar', length: 200 }) storageKey!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) thumbnailKey!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) messageId!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) conversationId!: string | null;
  /** Its place among the message's attachments (0-based). */
  @Column({ type: 'integer', nullable: true }) position!: number | null;
  @Column({ type: Date }) createdAt!: Date;
}
