import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Always lower-case; unique. */
  @Index('ux_users_username', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  username!: string;

  @Column({ type: 'varchar', length: 64 })
  displayName!: string;

  /** Lower-cased copy for case-insensitive prefix search on an index. */
  @Index('ix_users_display_name_lower')
  @Column({ type: 'varchar', length: 256 })
  displayNameLower!: string;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash!: string;

  @CreateDateColumn()
  createdAt!: Date;

  /** Set when the account was closed: it can no longer log in and is left out of the directory. */
  @Column({ type: Date, nullable: true, select: false })
  deletedAt!: Date | null;

  /** When the user's last socket went away (presence); null for someone never seen. Shown only while offline. */
  @Column({ type: Date, nullable: true })
  lastSeenAt!: Date | null;
}
