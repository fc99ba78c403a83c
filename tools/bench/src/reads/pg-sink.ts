import { Client } from 'pg';
import type { SeedSink } from './seed-sink';
import type { ColumnType, SchemaColumn, SeedRow, SeedTable } from './seed-tables';

const ARRAY_TYPE: Record<ColumnType, string> = { text: 'text[]', int: 'int[]', bigint: 'bigint[]', timestamp: 'timestamptz[]' };

/**
 * Writes the seed into the server's PostgreSQL database: one `INSERT … SELECT FROM unnest($1, $2, …)`
 * per chunk (one array parameter per column: a single parse and plan for thousands of rows, close to
 * COPY without another dependency), commits without waiting for the WAL flush, and foreign-key
 * triggers off for this session only (the rows are consistent by construction; the smoke test checks).
 */
export class PgSeedSink implements SeedSink {
  private readonly client: Client;

  constructor(url: string) {
    this.client = new Client({ connectionString: url });
  }

  async open(): Promise<void> {
    await this.client.connect();
    await this.client.query('SET synchronous_commit = off');
    await this.client.query(`SET maintenance_work_mem = '512MB'`);
    await this.client.query('SET session_replication_role = replica');
  }

  async columns(table: string): Promise<SchemaColumn[]> {
    const { rows } = await this.client.query<{ column_name: string; is_nullable: string; column_default: string | null }>(
      `SELECT column_name, is_nullable, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
      [table],
    );
    const primary = await this.client.query<{ name: string }>(
      `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary`,
      [`"${table}"`],
    ).catch(() => ({ rows: [] as { name: string }[] }));
    const keys = new Set(primary.rows.map((r) => r.name));
    return rows.map((r) => ({ name: r.column_name, required: r.is_nullable === 'NO' && r.column_default === null && !keys.has(r.column_name) }));
  }

  async insert(table: SeedTable, rows: readonly SeedRow[]): Promise<void> {
    const columns = table.columns.map(([name]) => `"${name}"`).join(', ');
    const arrays = table.columns.map(([, type], i) =>
      rows.map((row) => (type === 'timestamp' && typeof row[i] === 'number' ? new Date(row[i] as number).toISOString() : row[i])),
    );
    const unnest = table.columns.map(([, type], i) => `$${i + 1}::${ARRAY_TYPE[type]}`).join(', ');
    await this.client.query(`INSERT INTO "${table.name}" (${columns}) SELECT * FROM unnest(${unnest})`, arrays);
  }

  async secondaryIndexes(table: string): Promise<string[]> {
    const { rows } = await this.client.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
       WHERE i.schemaname = current_schema() AND i.tablename = $1
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [table],
    );
    for (const row of rows) await this.client.query(`DROP INDEX "${row.indexname}"`);
    return rows.map((r) => r.indexdef);
  }

  async run(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  /** Nothing to write: the "search" tsvector is generated from the body, and its GIN indexes are among the rebuilt ones. */
  indexForSearch(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    // What autovacuum would do soon after a bulk load: statistics for the planner, and a visibility map.
    await this.client.query('VACUUM ANALYZE');
    await this.client.end();
  }
}
