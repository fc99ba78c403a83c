/**
 * The columns the seeder writes, described once: the SQLite and PostgreSQL writers both generate their
 * statements from this, and both check it against the schema the server's migrations created (a new
 * NOT NULL column without a default fails the seed instead of silently producing rows the server never would).
 */
export type ColumnType = 'text' | 'int' | 'bigint' | 'timestamp';

export interface SeedTable {
  name: string;
  columns: ReadonlyArray<readonly [name: string, type: ColumnType]>;
}

/** A row is its values in `columns` order; timestamps are epoch milliseconds. */
export type SeedRow = unknown[];

const table = (name: string, columns: Record<string, ColumnType>): SeedTable => ({ name, columns: Object.entries(columns) });

export const SEED_TABLES = {
  users: table('users', {
    id: 'text',
    username: 'text',
    displayName: 'text',
    displayNameLower: 'text',
    passwordHash: 'text',
    createdAt: 'timestamp',
  }),
  conversations: table('conversations', {
    id: 'text',
    kind: 'text',
    title: 'text',
    directKey: 'text',
    lastSeq: 'int',
    createdAt: 'timestamp',
    updatedAt: 'timestamp',
    createdBy: 'text',
    changePos: 'bigint',
    membersVersion: 'int',
  }),
  members: table('conversation_members', { conversationId: 'text', userId: 'text', lastReadSeq: 'int', joinedAt: 'timestamp' }),
  messages: table('messages', {
    id: 'text',
    conversationId: 'text',
    senderId: 'text',
    body: 'text',
    clientMessageId: 'text',
    seq: 'int',
    pos: 'bigint',
    createdAt: 'timestamp',
    kind: 'text',
    system: 'text',
    version: 'int',
    // The message's first stream position, the key of its search-index rows (unique, never changes).
    searchKey: 'bigint',
  }),
} as const;

/**
 * SQLite's search index as the server writes it (apps/api/src/chat/search/search-index.ts): one row per
 * live text message in each contentless FTS5 table, keyed by the message's searchKey, the words table
 * getting the body through the server's searchText (which only spaces out CJK characters: the seeded
 * bodies are ASCII, so the body itself) and the trigram table the body as it is. PostgreSQL needs
 * nothing: its tsvector is a generated column and its GIN indexes are rebuilt with the others.
 */
export const SEARCH_INDEX_TABLES = ['message_words', 'message_trigrams'] as const;
export const SEARCHABLE_MESSAGES = `"kind" = 'text' AND "deletedAt" IS NULL AND "body" <> ''`;

export interface SchemaColumn {
  name: string;
  required: boolean;
}

/** Problems with seeding `spec` into a table that has `actual` columns (empty when it fits). */
export function schemaProblems(spec: SeedTable, actual: readonly SchemaColumn[]): string[] {
  if (!actual.length) return [`${spec.name}: no such table (did the migrations run?)`];
  const names = new Set(actual.map((c) => c.name));
  const seeded = new Set(spec.columns.map(([name]) => name));
  return [
    ...spec.columns.filter(([name]) => !names.has(name)).map(([name]) => `${spec.name}.${name}: not in the schema`),
    ...actual.filter((c) => c.required && !seeded.has(c.name)).map((c) => `${spec.name}.${c.name}: required, not seeded`),
  ];
}
