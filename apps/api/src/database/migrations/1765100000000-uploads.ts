import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * v2 files and images. `uploads`: one row per stored file, attached to at most one message
 * (`messageId` null until then). `upload_usage`: each uploader's running total, so the quota check
 * is one primary-key read whatever the number of files. `upload_garbage`: storage keys whose bytes
 * must go (a deleted message's files, an upload that never finished), swept by every process.
 */
export class Uploads1765100000000 implements MigrationInterface {
  name = 'Uploads1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const timestamp = postgres ? 'timestamptz' : 'datetime';
    const run = (sql: string) => queryRunner.query(sql);
    await run(`CREATE TABLE "uploads" (
      "id" varchar(36) PRIMARY KEY NOT NULL, "uploaderId" varchar(36) NOT NULL, "name" varchar(255) NOT NULL,
      "size" bigint NOT NULL, "contentType" varchar(128) NOT NULL, "kind" varchar(8) NOT NULL,
      "width" integer NULL, "height" integer NULL, "storageKey" varchar(200) NOT NULL, "thumbnailKey" varchar(200) NULL,
      "messageId" varchar(36) NULL, "conversationId" varchar(36) NULL, "position" integer NULL, "createdAt" ${timestamp} NOT NULL)`);
    // A page of messages reads its attachments through this, in the order they were sent.
    await run(`CREATE INDEX "ix_uploads_message" ON "uploads" ("messageId", "position") WHERE "messageId" IS NOT NULL`);
    // The sweep finds unattached uploads past their time through this (small) index.
    await run(`CREATE INDEX "ix_uploads_unattached" ON "uploads" ("createdAt") WHERE "messageId" IS NULL`);
    await run(`CREATE TABLE "upload_usage" ("userId" varchar(36) PRIMARY KEY NOT NULL, "bytes" bigint NOT NULL DEFAULT 0)`);
    await run(`CREATE TABLE "upload_garbage" ("storageKey" varchar(200) PRIMARY KEY NOT NULL, "dueAt" ${timestamp} NOT NULL)`);
    await run(`CREATE INDEX "ix_upload_garbage_due" ON "upload_garbage" ("dueAt")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "upload_garbage"`);
    await queryRunner.query(`DROP TABLE "upload_usage"`);
    await queryRunner.query(`DROP TABLE "uploads"`);
  }
}
