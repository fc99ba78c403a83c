import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type DatabaseKind, type TestServer } from './support/server';
import { createUser, openConversation, postMessage, uniqueTag } from './support/factories';
import { ActionsApi, expectStatus } from './support/message-actions';
import { listAllMessages } from './support/queries';

/** Reads the server's tables directly: what is stored, not what the API chooses to show. */
interface StoredText {
  /** Rows of messages whose body holds the text. */
  inMessages(text: string): Promise<number>;
  /** Rows the search index still matches for the word. */
  inIndex(word: string): Promise<number>;
  reactionsOf(messageId: string): Promise<number>;
  /** SQLite: whether the bytes are anywhere in the database file or its write-ahead log. */
  inFiles?(text: string): boolean;
  close(): Promise<void>;
}

function sqliteStore(server: TestServer): StoredText {
  const file = join(server.dataDir, 'parley.sqlite');
  // A fresh read-only connection per look, closed at once, so it never holds up the server's checkpoint.
  const read = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  const count = (sql: string, ...params: unknown[]) => read((db) => (db.prepare(sql).get(...params) as { n: number }).n);
  return {
    inMessages: async (text) => count(`SELECT count(*) AS n FROM messages WHERE instr(body, ?) > 0`, text),
    inIndex: async (word) =>
      count(`SELECT count(*) AS n FROM message_words WHERE message_words MATCH ?`, `"${word}"`) +
      count(`SELECT count(*) AS n FROM message_trigrams WHERE message_trigrams MATCH ?`, `"${word}"`),
    reactionsOf: async (id) => count(`SELECT count(*) AS n FROM message_reactions WHERE "messageId" = ?`, id),
    inFiles: (text) => [file, `${file}-wal`].some((f) => existsSync(f) && readFileSync(f).includes(Buffer.from(text, 'utf8'))),
    close: async () => undefined,
  };
}

async function postgresStore(server: TestServer): Promise<StoredText> {
  const db = new pg.Client({ connectionString: server.databaseUrl });
  await db.connect();
  const count = async (sql: string, ...params: unknown[]) => Number((await db.query<{ n: string }>(sql, params)).rows[0].n);
  return {
    inMessages: (text) => count(`SELECT count(*) AS n FROM messages WHERE strpos(body, $1) > 0`, text),
    inIndex: (word) =>
      count(`SELECT count(*) AS n FROM messages WHERE search @@ to_tsquery('simple', $1) OR strpos(search::text, $1) > 0 OR parley_fold(body) LIKE '%' || $1 || '%'`, word),
    reactionsOf: (id) => count(`SELECT count(*) AS n FROM message_reactions WHERE "messageId" = $1`, id),
    close: () => db.end(),
  };
}

const openStore = (database: DatabaseKind, server: TestServer) => (database === 'sqlite' ? Promise.resolve(sqliteStore(server)) : postgresStore(server));

describe.each(databaseKinds)('a deleted message’s text is gone from the database and the index (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let api: ActionsApi;
  let store: StoredText;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    api = new ActionsApi(client);
    store = await openStore(database, server);
  });
  afterAll(async () => {
    await store?.close();
    await server?.dispose();
  });

  it('after DELETE no table, index or file holds it; the reply that quoted it shows it deleted', async () => {
    const [alice, bob] = [await createUser(client), await createUser(client)];
    const conversation = await openConversation(client, alice, bob);
    const secret = uniqueTag(12);
    const text = `my pin is ${secret} do not share`;
    const doomed = await postMessage(client, alice, conversation.id, text);
    const reply = expectStatus(await api.reply(bob, conversation.id, doomed.id, 'noted'), 201);
    expect(reply.replyTo?.body).toBe(text);
    expectStatus(await api.react(bob, conversation.id, doomed.id, '🙈'), 200);
    // The checks can fail: before the deletion the text is there to be found.
    expect(await store.inMessages(secret)).toBe(1);
    expect(await store.inIndex(secret)).toBeGreaterThan(0);
    expect(await store.reactionsOf(doomed.id)).toBe(1);
    if (store.inFiles) expect(store.inFiles(secret)).toBe(true);

    expect((await api.remove(alice, conversation.id, doomed.id)).status).toBe(204);

    expect(await store.inMessages(secret)).toBe(0);
    expect(await store.inIndex(secret)).toBe(0);
    expect(await store.reactionsOf(doomed.id)).toBe(0);
    if (store.inFiles) expect(store.inFiles(secret), 'the text survives in the SQLite file or its WAL').toBe(false);
    const history = await listAllMessages(client, bob.accessToken, conversation.id);
    expect(history.find((m) => m.id === reply.id)?.replyTo).toEqual({ id: doomed.id, seq: doomed.seq, senderId: alice.user.id, body: '', deleted: true });
    expect(JSON.stringify(history)).not.toContain(secret);
  });
});
