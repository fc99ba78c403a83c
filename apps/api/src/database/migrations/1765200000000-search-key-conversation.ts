import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SQLite search's second step keeps the candidates the full-text index found where they are in one
 * of the caller's conversations. With the conversation in the search key's index, that check reads
 * the index alone: only the caller's few messages are then read from the table. Before, every
 * candidate's row was, scattered over the file (a rare word's 2,499 matches at 5M messages: 28 ms,
 * now 10). The index replaces the one on the search key alone, which the stream counter already keeps
 * unique (a message's search key is its first stream position). PostgreSQL's search goes through its
 * GIN indexes and each conversation's: nothing to change there.
 */
export class SearchKeyConversation1765200000000 implements MigrationInterface {
  name = 'SearchKeyConversation1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_messages_search_key_conversation" ON "messages" ("searchKey", "conversationId")`);
    await queryRunner.query(`DROP INDEX "ux_messages_search_key"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_messages_search_key" ON "messages" ("searchKey")`);
    await queryRunner.query(`DROP INDEX "ux_messages_search_key_conversation"`);
  }
}
