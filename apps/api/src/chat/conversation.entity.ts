import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ConversationKind } from '@parley/contract';

@Entity('conversations')
export class ConversationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ConversationKind;

  @Column({ type: 'varchar', length: 128, nullable: true })
  title!: string | null;

  /** For direct conversations, the two member ids sorted and joined: makes "open a DM" idempotent and race-free. */
  @Index('ux_conversations_direct_key', { unique: true })
  @Column({ type: 'varchar', length: 80, nullable: true })
  directKey!: string | null;

  /** The seq of the newest message; the next message gets lastSeq + 1. */
  @Column({ type: 'integer', default: 0 })
  lastSeq!: number;

  @CreateDateColumn()
  createdAt!: Date;

  /** Last activity (creation or newest message). */
  @Column({ type: Date })
  updatedAt!: Date;
}
