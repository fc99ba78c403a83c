import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People search by any part of a username or display name, on an index on both engines (not a
 * `LIKE '%…%'` walk of users):
 * - SQLite: an FTS5 trigram table kept in step with users by triggers. Its rowid is `searchKey`, a
 *   column copied once from the user's rowid: VACUUM may renumber the rowids of a table without an
 *   INTEGER PRIMARY KEY, never a column's value.
 * - PostgreSQL: pg_trgm GIN indexes on the two lower-case columns (pg_trgm is a trusted extension).
 */
export class PeopleSearch1764900000000 implements MigrationInterface {
  name = 'PeopleSearch1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    if (queryRunner.connection.driver.options.type === 'postgres') {
      await run(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
      await run(`CREATE INDEX "ix_users_username_trgm" ON "users" USING gin ("username" public.gin_trgm_ops)`);
      await run(`CREATE INDEX "ix_users_display_name_trgm" ON "users" USING gin ("displayNameLower" public.gin_trgm_ops)`);
      return;
    }
    await run(`ALTER TABLE "users" ADD COLUMN "searchKey" integer NOT NULL DEFAULT 0`);
    await run(`UPDATE "users" SET "searchKey" = "rowid"`);
    await run(`CREATE INDEX "ix_users_search_key" ON "users" ("searchKey")`);
    await run(`CREATE VIRTUAL TABLE "user_search" USING fts5("username", "displayName", tokenize='trigram')`);
    await run(`INSERT INTO "user_search" ("rowid", "username", "displayName") SELECT "searchKey", "username", "displayNameLower" FROM "users"`);
    await run(`CREATE TRIGGER "users_search_insert" AFTER INSERT ON "users" BEGIN
                 UPDATE "users" SET "searchKey" = new."rowid" WHERE "rowid" = new."rowid";
                 INSERT INTO "user_search" ("rowid", "username", "displayName") VALUES (new."rowid", new."username", new."displayNameLower");
               END`);
    await run(`CREATE TRIGGER "users_search_update" AFTER UPDATE OF "username", "displayNameLower" ON "users" BEGIN
                 UPDATE "user_search" SET "username" = new."username", "displayName" = new."displayNameLower" WHERE "rowid" = old."searchKey";
               END`);
    await run(`CREATE TRIGGER "users_search_delete" AFTER DELETE ON "users" BEGIN
                 DELETE FROM "user_search" WHERE "rowid" = old."searchKey";
               END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    if (queryRunner.connection.driver.options.type === 'postgres') {
      await run(`DROP INDEX IF EXISTS "ix_users_display_name_trgm"`);
      await run(`DROP INDEX IF EXISTS "ix_users_username_trgm"`);
      return;
    }
    for (const trigger of ['users_search_insert', 'users_search_update', 'users_search_delete']) await run(`DROP TRIGGER IF EXISTS "${trigger}"`);
    await run(`DROP TABLE IF EXISTS "user_search"`);
    await run(`DROP INDEX IF EXISTS "ix_users_search_key"`);
    await run(`ALTER TABLE "users" DROP COLUMN "searchKey"`);
  }
}
