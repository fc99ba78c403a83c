import type { Database, Statement as Prepared } from 'better-sqlite3';
import { DATE_COLUMNS, type SqlExecutor } from './executor';
import { statementCache, withDates } from './sqlite-connection';
import type { SqliteReaderPool } from './sqlite-reader-pool';
import type { Row, Statement, Work } from './statement';

export const MAX_PREPARED = 300;

/** TypeORM keeps SQLite datetimes as UTC 'YYYY-MM-DD HH:MM:SS.SSS'; raw statements must match. */
export const toSqliteDate = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');

const toParam = (value: unknown) => (value instanceof Date ? toSqliteDate(value) : typeof value === 'boolean' ? Number(value) : value);

const normalize = (row: Row): Row => withDates(row, DATE_COLUMNS);

/**
 * better-sqlite3 on TypeORM's own connection. Every call on it is synchronous: a transaction's
 * work generator is driven to the end inside one BEGIN IMMEDIATE, so no other query of this process
 * can run in the middle of it. With a reader pool, a read-only `all` runs on a reader thread instead,
 * so a slow read never holds the event loop; writes, transactions, `explain` and `reclaim` stay here.
 */
export class SqliteExecutor implements SqlExecutor {
  readonly dialect = 'sqlite' as const;
  readonly forUpdate = '';
  private readonly prepare: (text: string) => Prepared;

  constructor(
    private readonly db: Database,
    private readonly readers?: SqliteReaderPool,
  ) {
    this.prepare = statementCache((text) => db.prepare(text), MAX_PREPARED);
  }

  transaction<T>(work: () => Work<T>): Promise<T> {
    try {
      return Promise.resolve(this.db.transaction(() => this.drive(work())).immediate());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  all<R>(statement: Statement): Promise<R[]> {
    try {
      // Preparing here (once per text) tells a read from a write; a write returning rows stays on this connection.
      const prepared = this.prepare(statement.text);
      const params = statement.params.map(toParam);
      if (prepared.readonly && this.readers?.open) return this.readers.all(statement.text, params) as Promise<R[]>;
      return Promise.resolve(this.execute(prepared, params) as R[]);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  lookup<R>(statement: Statement): Promise<R[]> {
    try {
      const prepared = this.prepare(statement.text);
      if (!prepared.readonly) throw new Error('lookup() is for reads; a write goes through transaction()');
      return Promise.resolve(this.execute(prepared, statement.params.map(toParam)) as R[]);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async close(): Promise<void> {
    await this.readers?.close();
  }

  /**
   * A TRUNCATE checkpoint waits (in the busy handler, on the event loop) for other connections'
   * readers; with the busy timeout at 0 for its duration it gives up at once instead (best effort:
   * the next deletion's checkpoint, or SQLite's own, finishes the job).
   */
  reclaim(): Promise<void> {
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    try {
      this.db.pragma('busy_timeout = 0');
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    } finally {
      this.db.pragma(`busy_timeout = ${Number(timeout)}`);
    }
  }

  async explain(statement: Statement): Promise<string[]> {
    const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${statement.text}`).all(...statement.params.map(toParam)) as { detail: string }[];
    return rows.map((r) => r.detail);
  }

  private drive<T>(work: Work<T>): T {
    let step = work.next();
    while (!step.done) step = work.next(this.run(step.value));
    return step.value;
  }

  private run(statement: Statement): Row[] {
    return this.execute(this.prepare(statement.text), statement.params.map(toParam));
  }

  private execute(prepared: Prepared, params: unknown[]): Row[] {
    if (!prepared.reader) {
      prepared.run(...params);
      return [];
    }
    return (prepared.all(...params) as Row[]).map(normalize);
  }
}
