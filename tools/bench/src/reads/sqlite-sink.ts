import Database from 'better-sqlite3';
import type { SeedSink } from './seed-sink';
import { toSqliteDate } from './sqlite-date';
import { SEARCH_INDEX_TABLES, SEARCHABLE_MESSAGES, type SchemaColumn, type SeedRow, type SeedTable } from './seed-tables';

/** Rows per INSERT statement: fewer calls across the native boundary, well under SQLite's variable limit. */
const ROWS_PER_STATEMENT = 200;


/**
 * Writes the seed straight into the server's SQLite file (the server is stopped): WAL as the server
 * runs it, synchronous OFF and foreign keys off only on this connection and only while seeding, one
 * transaction per chunk, prepared multi-row INSERTs.
 */
export class SqliteSeedSink implements SeedSink {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('foreign_keys = OFF');
    this.db.pragma('cache_size = -1048576'); // 1 GiB: index pages stay in memory while they grow
    this.db.pragma('temp_store = MEMORY');
    this.db.pragma('threads = 2'); // helper threads for the sorts of the index rebuild
  }

  async columns(table: string): Promise<SchemaColumn[]> {
    const rows = this.db.pragma(`table_info("${table}")`) as { name: string; notnull: number; dflt_value: unknown; pk: number }[];
    return rows.map((r) => ({ name: r.name, required: r.notnull === 1 && r.dflt_value === null && r.pk === 0 }));
  }

  async insert(table: SeedTable, rows: readonly SeedRow[]): Promise<void> {
    const width = table.columns.length;
    const timestamps = table.columns.map(([, type]) => type === 'timestamp');
    const params: unknown[] = new Array(ROWS_PER_STATEMENT * width);
    this.db.transaction(() => {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const count = Math.min(ROWS_PER_STATEMENT, rows.length - i);
        params.length = count * width;
        for (let r = 0; r < count; r++) {
          const row = rows[i + r];
          for (let c = 0; c < width; c++) params[r * width + c] = timestamps[c] && typeof row[c] === 'number' ? toSqliteDate(row[c] as number) : row[c];
        }
        this.statement(table, count).run(params);
      }
    })();
  }

  async secondaryIndexes(table: string): Promise<string[]> {
    const rows = this.db.prepare(`SELECT "name", "sql" FROM sqlite_master WHERE "type" = 'index' AND "tbl_name" = ? AND "sql" IS NOT NULL`).all(table) as { name: string; sql: string }[];
    for (const row of rows) this.db.exec(`DROP INDEX "${row.name}"`);
    return rows.map((r) => r.sql);
  }

  async run(sql: string): Promise<void> {
    this.db.exec(sql);
  }

  /** One INSERT … SELECT per FTS5 table in one transaction: what the migration that made the index does for existing messages. */
  async indexForSearch(): Promise<void> {
    this.db.transaction(() => {
      for (const table of SEARCH_INDEX_TABLES) {
        this.db.exec(`INSERT INTO "${table}" ("rowid", "body") SELECT "searchKey", "body" FROM "messages" WHERE ${SEARCHABLE_MESSAGES}`);
      }
    })();
  }

  async close(): Promise<void> {
    // Fold the WAL into the file, so the size on disk is the database's and the server boots without replaying it.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }

  private statement(table: SeedTable, rows: number): Database.Statement {
    const key = `${table.name}:${rows}`;
    let statement = this.statements.get(key);
    if (!statement) {
      const columns = table.columns.map(([name]) => `"${name}"`).join(', ');
      const row = `(${table.columns.map(() => '?').join(', ')})`;
      statement = this.db.prepare(`INSERT INTO "${table.name}" (${columns}) VALUES ${Array(rows).fill(row).join(', ')}`);
      this.statements.set(key, statement);
    }
    return statement;
  }
}
