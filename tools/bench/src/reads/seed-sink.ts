import type { SchemaColumn, SeedRow, SeedTable } from './seed-tables';

/** Where the seeder writes: the server's SQLite file or its PostgreSQL database (the server is stopped meanwhile). */
export interface SeedSink {
  /** The table's columns as the migrations created them (empty if there is no such table). */
  columns(table: string): Promise<SchemaColumn[]>;
  /** One transaction. */
  insert(table: SeedTable, rows: readonly SeedRow[]): Promise<void>;
  /** Drops the table's secondary indexes and returns the statements that recreate them exactly. */
  secondaryIndexes(table: string): Promise<string[]>;
  run(sql: string): Promise<void>;
  /** Fills the search index from the messages already written (see SEARCH_INDEX_TABLES). */
  indexForSearch(): Promise<void>;
  close(): Promise<void>;
}
