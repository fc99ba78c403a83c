import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import type { NewMessage, WriteOutcome } from './batch-plan';
import { PostgresBatchWriter } from './postgres-batch-writer';
import { SqliteBatchWriter } from './sqlite-batch-writer';

/** Stores one batch of sends in one transaction, answering each in order. */
export interface BatchWriter {
  write(batch: NewMessage[]): Promise<WriteOutcome[]>;
}

export const BATCH_WRITER = Symbol('BatchWriter');

/** The batch writer for the configured database. */
export const batchWriterProvider: Provider = {
  provide: BATCH_WRITER,
  inject: [getDataSourceToken()],
  useFactory: (dataSource: DataSource): BatchWriter =>
    dataSource.options.type === 'postgres'
      ? new PostgresBatchWriter(dataSource)
      : new SqliteBatchWriter((dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection),
};
