import type { DataSource, QueryRunner } from 'typeorm';
import { NUMBER_COLUMNS, type SqlExecutor } from './executor';
import type { Row, Statement, Work } from './statement';

/** `?` → `$1, $2, …` (the statements never hold a literal question mark). */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

function normalize(row: Row): Row {
  for (const key of Object.keys(row)) {
    if (NUMBER_COLUMNS.has(key) && typeof row[key] === 'string') row[key] = Number(row[key]);
  }
  return row;
}

/** PostgreSQL through TypeORM's pool; a transaction awaits each statement of its work in turn. */
export class PostgresExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;
  readonly forUpdate = 'FOR UPDATE';

  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: () => Work<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const runner = manager.queryRunner!;
      const steps = work();
      let step = steps.next();
      while (!step.done) step = steps.next(await this.run(runner, step.value));
      return step.value;
    });
  }

  async all<R>(statement: Statement): Promise<R[]> {
    const rows = (await this.dataSource.query(numbered(statement.text), [...statement.params])) as Row[];
    return rows.map(normalize) as R[];
  }

  lookup<R>(statement: Statement): Promise<R[]> {
    return this.all<R>(statement);
  }

  async reclaim(): Promise<void> {
    // Dead row versions are vacuumed by autovacuum; a VACUUM per deletion would cost far more than it is worth.
  }

  async explain(statement: Statement): Promise<string[]> {
    const rows = (await this.dataSource.query(`EXPLAIN ${numbered(statement.text)}`, [...statement.params])) as Row[];
    return rows.map((r) => String(r['QUERY PLAN']));
  }

  async close(): Promise<void> {
    // TypeORM's pool is closed with the data source.
  }

  private async run(runner: QueryRunner, statement: Statement): Promise<Row[]> {
    const result = await runner.query(numbered(statement.text), [...statement.params], true);
    return ((result.records ?? []) as Row[]).map(normalize);
  }
}
