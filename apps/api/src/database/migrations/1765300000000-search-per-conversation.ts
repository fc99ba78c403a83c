import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL search goes through each of the caller's conversations (chat/search/search-statements.ts):
 * - ("conversationId", "searchKey"): a conversation's messages newest first by the key pages are cut
 *   at, so a common word's newest match is the first or second row walked, and a range of keys is a
 *   bounded walk;
 * - GIN indexes with the conversation as their first column (btree_gin), in place of the server-wide
 *   ones: a rare word's postings are intersected with one conversation's inside the index, where the
 *   server-wide index gave all of a word's postings to every conversation of the caller's (200 x 2,499
 *   at 5M messages, ~50 ms). A query on the second column alone still uses them;
 * - statistics on the folded body, which a partial index's expression does not get: without them the
 *   planner costs "%staging%" as matching one message in 600 when it matches 70%, and reads every
 *   message of a conversation where walking two would do.
 * SQLite's search has its own indexes (FTS5): nothing to change there.
 */
export class SearchPerConversation1765300000000 implements MigrationInterface {
  name = 'SearchPerConversation1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    const run = (sql: string) => queryRunner.query(sql);
    // A "trusted" extension, like unaccent and pg_trgm: a database owner may create it.
    await run(`CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public`);
    await run(`CREATE INDEX "ix_messages_conversation_search_key" ON "messages" ("conversationId", "searchKey")`);
    await run(`CREATE INDEX "ix_messages_conversation_search" ON "messages" USING gin ("conversationId", "search")`);
    await run(`CREATE INDEX "ix_messages_conversation_body_trgm" ON "messages" USING gin ("conversationId", public.parley_fold("body") gin_trgm_ops) WHERE "kind" = 'text'`);
    await run(`DROP INDEX "ix_messages_search"`);
    await run(`DROP INDEX "ix_messages_body_trgm"`);
    await run(`CREATE STATISTICS "st_messages_folded_body" ON (public.parley_fold("body")) FROM "messages"`);
    await run(`ANALYZE "messages"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    const run = (sql: string) => queryRunner.query(sql);
    await run(`DROP STATISTICS "st_messages_folded_body"`);
    await run(`CREATE INDEX "ix_messages_search" ON "messages" USING gin ("search")`);
    await run(`CREATE INDEX "ix_messages_body_trgm" ON "messages" USING gin (public.parley_fold("body") gin_trgm_ops) WHERE "kind" = 'text'`);
    await run(`DROP INDEX "ix_messages_conversation_body_trgm"`);
    await run(`DROP INDEX "ix_messages_conversation_search"`);
    await run(`DROP INDEX "ix_messages_conversation_search_key"`);
  }
}
