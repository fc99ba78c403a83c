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

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdBy!: string | null;

  /** Stream position of the latest change of any kind in this conversation: sync's filter. */
  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  changePos!: number;

  /** Bumped by every membership change, so a cached member list can be checked under the conversation's lock. */
  @Column({ type: 'integer', default: 1 })
  membersVersion!: number;

  @CreateDateColumn()
  createdAt!: Date;

  /** Last activity (creation or newest message). */
  @Column({ type: Date })
  updatedAt!: Date;
}
