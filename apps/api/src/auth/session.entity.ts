import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One refresh token. Every token of one login shares a `familyId`; rotating marks the old token
 * `rotatedAt`, and presenting a rotated token again revokes the whole family (a stolen token was replayed).
 */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('ix_sessions_user')
  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  @Index('ix_sessions_family')
  @Column({ type: 'varchar', length: 36 })
  familyId!: string;

  /** SHA-256 of the token: a database leak does not hand out sessions. */
  @Index('ux_sessions_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ type: Date })
  expiresAt!: Date;

  @Column({ type: Date, nullable: true })
  rotatedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn()
  createdAt!: Date;
}
