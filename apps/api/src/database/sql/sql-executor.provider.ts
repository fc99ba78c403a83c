import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { SQL_EXECUTOR, type SqlExecutor } from './executor';
import { PostgresExecutor } from './postgres-executor';
import { SqliteExecutor } from './sqlite-executor';

export function createSqlExecutor(dataSource: DataSource): SqlExecutor {
  return dataSource.options.type === 'postgres'
    ? new PostgresExecutor(dataSource)
    : new SqliteExecutor((dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection);
}

export const sqlExecutorProvider: Provider = {
  provide: SQL_EXECUTOR,
  inject: [getDataSourceToken()],
  useFactory: createSqlExecutor,
};
