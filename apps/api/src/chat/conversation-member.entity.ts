import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('conversation_members')
export class ConversationMemberEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  conversationId!: string;

  @Index('ix_conversation_members_user')
  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId!: string;

  /** Highest seq this member has read (read receipts and unread counts build on it). */
  @Column({ type: 'integer', default: 0 })
  lastReadSeq!: number;

  @CreateDateColumn()
  joinedAt!: Date;

  /** Set when the member left or was removed (the stream position of that change); null while a member. */
  @Column({ type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) } })
  leftPos!: number | null;

  /** This member muted the conversation (their own setting; nobody else sees it). */
  @Column({ type: 'boolean', default: false })
  muted!: boolean;
}
