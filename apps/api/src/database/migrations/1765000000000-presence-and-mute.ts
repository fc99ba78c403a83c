import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * v2 presence and mute: when a user was last seen (null while online, or never seen), kept across
 * restarts; and each member's own mute of a conversation (false for everyone already a member).
 */
export class PresenceAndMute1765000000000 implements MigrationInterface {
  name = 'PresenceAndMute1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await queryRunner.query(`ALTER TABLE "users" ADD COLUMN "lastSeenAt" ${postgres ? 'timestamptz' : 'datetime'} NULL`);
    await queryRunner.query(`ALTER TABLE "conversation_members" ADD COLUMN "muted" boolean NOT NULL DEFAULT ${postgres ? 'false' : '0'}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conversation_members" DROP COLUMN "muted"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "lastSeenAt"`);
  }
}
