import type { MessageKind, SystemEvent } from '@parley/contract';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const bigintAsNumber = { to: (v: number) => v, from: (v: string | number) => Number(v) };

@Entity('messages')
@Index('ux_messages_conversation_seq', ['conversationId', 'seq'], { unique: true })
@Index('ux_messages_sender_client_id', ['senderId', 'clientMessageId'], { unique: true })
@Index('ux_messages_conversation_pos', ['conversationId', 'pos'], { unique: true })
export class MessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  conversationId!: string;

  @Column({ type: 'varchar', length: 36 })
  senderId!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 64 })
  clientMessageId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  /**
   * Server-wide stream position of the message's latest change (commit order), the cursor of
   * GET /api/sync. Internal: not in the contract's Message.
   */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  pos!: number;

  @Column({ type: 'varchar', length: 16, default: 'text' })
  kind!: MessageKind;

  /** JSON of the SystemEvent, for system messages. */
  @Column({ type: 'text', nullable: true, transformer: { to: (v: SystemEvent | null) => (v ? JSON.stringify(v) : null), from: (v: string | null) => (v ? JSON.parse(v) : null) } })
  system!: SystemEvent | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date, nullable: true })
  editedAt!: Date | null;

  /** Set once deleted: the message is then a tombstone whose text is gone from the database and the index. */
  @Column({ type: Date, nullable: true })
  deletedAt!: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  replyToId!: string | null;

  /** Its key in the search index: the stream position it was stored at (unique; never changes). */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  searchKey!: number;
}
