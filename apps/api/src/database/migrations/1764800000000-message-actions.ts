import type { Database } from 'better-sqlite3';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { searchText } from '../../chat/search/search-text';

/**
 * Contract v2 message actions: edits, tombstones, replies, reactions, and the full-text index.
 * The columns and the reactions table are portable SQL; the search index is each engine's own.
 */
export class MessageActions1764800000000 implements MigrationInterface {
  name = 'MessageActions1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const timestamp = postgres ? 'timestamptz' : 'datetime';
    const run = (sql: string) => queryRunner.query(sql);
    await run(`ALTER TABLE "messages" ADD COLUMN "editedAt" ${timestamp} NULL`);
    await run(`ALTER TABLE "messages" ADD COLUMN "deletedAt" ${timestamp} NULL`);
    await run(`ALTER TABLE "messages" ADD COLUMN "replyToId" varchar(36) NULL`);
    // The message's key in the search index: its first stream position, unique and never changed
    // (its `pos` moves with every change). Search pages newest first on it.
    await run(`ALTER TABLE "messages" ADD COLUMN "searchKey" bigint NOT NULL DEFAULT 0`);
    await run(`UPDATE "messages" SET "searchKey" = "pos"`);
    // An edit or a deletion changes the preview of every reply: found through this (small) index.
    await run(`CREATE INDEX "ix_messages_reply_to" ON "messages" ("replyToId") WHERE "replyToId" IS NOT NULL`);

    // `pos`: the stream position of the reaction, which orders emoji by first use.
    await run(`CREATE TABLE "message_reactions" (
      "messageId" varchar(36) NOT NULL, "emoji" varchar(64) NOT NULL, "userId" varchar(36) NOT NULL,
      "createdAt" ${timestamp} NOT NULL, "pos" bigint NOT NULL,
      PRIMARY KEY ("messageId", "emoji", "userId"))`);

    if (postgres) await this.postgresSearch(run);
    else await this.sqliteSearch(queryRunner, run);
  }

  /**
   * Two contentless FTS5 indexes keyed by `searchKey` (the text lives only in `messages`):
   * - words: unicode61 with diacritics removed (cafe finds café), prefixes, phrases; CJK characters
   *   indexed one per token (see searchText) so 東京 is found inside 東京タワー;
   * - trigrams: substrings of three or more characters (arle finds Parley).
   * `secure-delete` makes a deletion remove the tokens from the index pages at once instead of
   * leaving them behind a delete marker until the next merge: a deleted message's words are gone.
   */
  private async sqliteSearch(queryRunner: QueryRunner, run: (sql: string) => Promise<unknown>): Promise<void> {
    await run(`CREATE VIRTUAL TABLE "message_words" USING fts5("body", content='', tokenize='unicode61 remove_diacritics 2')`);
    await run(`CREATE VIRTUAL TABLE "message_trigrams" USING fts5("body", content='', tokenize='trigram remove_diacritics 1')`);
    await run(`INSERT INTO "message_words" ("message_words", "rank") VALUES ('secure-delete', 1)`);
    await run(`INSERT INTO "message_trigrams" ("message_trigrams", "rank") VALUES ('secure-delete', 1)`);
    const db = (queryRunner.connection.driver as unknown as { databaseConnection: Database }).databaseConnection;
    db.function('parley_search_text', { deterministic: true }, (text: unknown) => searchText(String(text)));
    const live = `FROM "messages" WHERE "kind" = 'text' AND "deletedAt" IS NULL AND "body" <> ''`;
    await run(`INSERT INTO "message_words" ("rowid", "body") SELECT "searchKey", parley_search_text("body") ${live}`);
    await run(`INSERT INTO "message_trigrams" ("rowid", "body") SELECT "searchKey", "body" ${live}`);
    await run(`CREATE UNIQUE INDEX "ux_messages_search_key" ON "messages" ("searchKey")`);
  }

  /**
   * A stored tsvector generated from the body (so every write indexes itself, in its transaction)
   * with a GIN index, and a pg_trgm GIN index on the folded body for substrings. Both read the body
   * through immutable wrappers: unaccent() is only STABLE (its dictionary could change), and an
   * index expression must be IMMUTABLE. Both extensions are "trusted": a database owner may create them.
   */
  private async postgresSearch(run: (sql: string) => Promise<unknown>): Promise<void> {
    await run(`CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public`);
    await run(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    await run(`CREATE FUNCTION public.parley_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
               AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`);
    // The same CJK ranges as searchText() in chat/search/search-text.ts.
    await run(`CREATE FUNCTION public.parley_search_text(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
               AS $$ SELECT regexp_replace(public.parley_fold($1), '([\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff\\uff66-\\uff9f\\U00020000-\\U0002ffff])', ' \\1 ', 'g') $$`);
    await run(`ALTER TABLE "messages" ADD COLUMN "search" tsvector GENERATED ALWAYS AS
               (to_tsvector('simple', CASE WHEN "kind" = 'text' THEN public.parley_search_text("body") ELSE '' END)) STORED`);
    await run(`CREATE INDEX "ix_messages_search" ON "messages" USING gin ("search")`);
    await run(`CREATE INDEX "ix_messages_body_trgm" ON "messages" USING gin (public.parley_fold("body") gin_trgm_ops) WHERE "kind" = 'text'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const run = (sql: string) => queryRunner.query(sql);
    if (postgres) {
      await run(`DROP INDEX "ix_messages_body_trgm"`);
      await run(`DROP INDEX "ix_messages_search"`);
      await run(`ALTER TABLE "messages" DROP COLUMN "search"`);
      await run(`DROP FUNCTION public.parley_search_text(text)`);
      await run(`DROP FUNCTION public.parley_fold(text)`);
    } else {
      await run(`DROP INDEX "ux_messages_search_key"`);
      await run(`DROP TABLE "message_trigrams"`);
      await run(`DROP TABLE "message_words"`);
    }
    await run(`DROP TABLE "message_reactions"`);
    await run(`DROP INDEX "ix_messages_reply_to"`);
    for (const column of ['searchKey', 'replyToId', 'deletedAt', 'editedAt']) await run(`ALTER TABLE "messages" DROP COLUMN "${column}"`);
  }
}
