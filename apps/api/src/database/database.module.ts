import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseConfig } from '../config/database.config';
import { dataSourceOptions } from './data-source-options';
import { HeavyReads } from './heavy-reads';
import { runMigrations } from './run-migrations';
import { SQL_EXECUTOR, type SqlExecutor } from './sql/executor';
import { sqlExecutorProvider } from './sql/sql-executor.provider';

/** The data source, the one SqlExecutor on it and the heavy reads' turns, for every module. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (config: ConfigType<typeof databaseConfig>) => dataSourceOptions(config),
      // Migrate before any repository is used.
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrations(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [sqlExecutorProvider, HeavyReads],
  exports: [SQL_EXECUTOR, HeavyReads],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(SQL_EXECUTOR) private readonly executor: SqlExecutor) {}

  /** Ends SQLite's reader threads with the app (tests start and stop servers many times). */
  async onApplicationShutdown(): Promise<void> {
    await this.executor.close();
  }
}
