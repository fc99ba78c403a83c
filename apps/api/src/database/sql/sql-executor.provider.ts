import type { Provider } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { databaseConfig } from '../../config/database.config';
import { SQL_EXECUTOR, type SqlExecutor } from './executor';
import { PostgresExecutor } from './postgres-executor';
import { MAX_PREPARED, SqliteExecutor } from './sqlite-executor';
import { SqliteReaderPool } from './sqlite-reader-pool';

/** `readers`: SQLite reader threads (0, the default for specs: every read on the data source's own connection). */
export function createSqlExecutor(dataSource: DataSource, readers = 0): SqlExecutor {
  if (dataSource.options.type === 'postgres') return new PostgresExecutor(dataSource);
  const db = (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
  return new SqliteExecutor(db, readers > 0 && canShareFile(db) ? readerPool(db, readers) : undefined);
}

/** Another connection sees this one's data only on a file, and reads beside a writer only in WAL mode. */
function canShareFile(db: Database): boolean {
  return !db.memory && db.name !== '' && db.pragma('journal_mode', { simple: true }) === 'wal';
}

function readerPool(db: Database, size: number): SqliteReaderPool {
  const busyTimeoutMs = Number(db.pragma('busy_timeout', { simple: true }));
  return new SqliteReaderPool({ file: db.name, size, busyTimeoutMs, maxPrepared: MAX_PREPARED });
}

/** One executor for the whole app (DatabaseModule is global), so SQLite gets one pool of reader threads. */
export const sqlExecutorProvider: Provider = {
  provide: SQL_EXECUTOR,
  inject: [getDataSourceToken(), databaseConfig.KEY],
  useFactory: (dataSource: DataSource, config: ConfigType<typeof databaseConfig>) => createSqlExecutor(dataSource, config.type === 'sqlite' ? config.readers : 0),
};
