import { MigrationInterface, QueryRunner } from 'typeorm';

/** A closed account keeps its row (its messages stay in other people's histories), marked and anonymised. */
export class AccountDeletion1764850000000 implements MigrationInterface {
  name = 'AccountDeletion1764850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const type = queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.query(`ALTER TABLE "users" ADD COLUMN "deletedAt" ${type} NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "deletedAt"`);
  }
}
