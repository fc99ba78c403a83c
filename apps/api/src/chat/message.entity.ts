import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('messages')
@Index('ux_messages_conversation_seq', ['conversationId', 'seq'], { unique: true })
@Index('ux_messages_sender_client_id', ['senderId', 'clientMessageId'], { unique: true })
@Index('ux_messages_pos', ['pos'], { unique: true })
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

  /** Server-wide stream position (commit order), the cursor of GET /api/sync. Internal: not in the contract's Message. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  pos!: number;

  @Column({ type: Date })
  createdAt!: Date;
}
