import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contract v2: the stream carries every change, not only new messages. Plain ALTER TABLE statements
 * that both databases run as written (no table rebuild on SQLite, so it stays quick on a large file).
 */
export class ChangeStream1764600000000 implements MigrationInterface {
  name = 'ChangeStream1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    // Messages: text or system lines, and a version bumped by every change.
    await run(`ALTER TABLE "messages" ADD COLUMN "kind" varchar(16) NOT NULL DEFAULT 'text'`);
    await run(`ALTER TABLE "messages" ADD COLUMN "system" text NULL`);
    await run(`ALTER TABLE "messages" ADD COLUMN "version" integer NOT NULL DEFAULT 1`);
    // Sync reads "this conversation's changes after position N": a range on this index, whatever the
    // size of the table. The server-wide pos index it replaces let a plan walk everyone's messages.
    await run(`CREATE UNIQUE INDEX "ux_messages_conversation_pos" ON "messages" ("conversationId", "pos")`);
    await run(`DROP INDEX "ux_messages_pos"`);

    // Conversations: who created it, the position of its latest change, and a counter of membership
    // changes that lets every process check its cached member list under the conversation's lock.
    await run(`ALTER TABLE "conversations" ADD COLUMN "createdBy" varchar(36) NULL`);
    await run(`ALTER TABLE "conversations" ADD COLUMN "changePos" bigint NOT NULL DEFAULT 0`);
    await run(`ALTER TABLE "conversations" ADD COLUMN "membersVersion" integer NOT NULL DEFAULT 1`);
    await run(`UPDATE "conversations" SET "changePos" = COALESCE((SELECT MAX(m."pos") FROM "messages" m WHERE m."conversationId" = "conversations"."id"), 0)`);
    await run(
      `UPDATE "conversations" SET "createdBy" = (SELECT cm."userId" FROM "conversation_members" cm WHERE cm."conversationId" = "conversations"."id" ORDER BY cm."joinedAt", cm."userId" LIMIT 1)`,
    );

    // Members: a departure keeps its row with the position it happened at, so sync can report it.
    await run(`ALTER TABLE "conversation_members" ADD COLUMN "leftPos" bigint NULL`);
    // Unread counts are lastSeq - lastReadSeq, which holds because your own messages move your marker:
    // give v1 data that property (everything up to your own last message counts as read).
    await run(
      `UPDATE "conversation_members" SET "lastReadSeq" = COALESCE((SELECT MAX(m."seq") FROM "messages" m WHERE m."conversationId" = "conversation_members"."conversationId" AND m."senderId" = "conversation_members"."userId"), 0)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`CREATE UNIQUE INDEX "ux_messages_pos" ON "messages" ("pos")`);
    await run(`DROP INDEX "ux_messages_conversation_pos"`);
    for (const [table, column] of [
      ['conversation_members', 'leftPos'],
      ['conversations', 'membersVersion'],
      ['conversations', 'changePos'],
      ['conversations', 'createdBy'],
      ['messages', 'version'],
      ['messages', 'system'],
      ['messages', 'kind'],
    ]) {
      await run(`ALTER TABLE "${table}" DROP COLUMN "${column}"`);
    }
  }
}
