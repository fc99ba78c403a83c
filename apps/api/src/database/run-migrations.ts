import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

const MIGRATION_LOCK_ID = 727_001;

/**
 * Several processes may boot at once against one database. PostgreSQL serialises them with an
 * advisory lock; SQLite has no such lock, so a loser of the race retries and then finds the work done.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const logger = new Logger('Migrations');
  if (dataSource.options.type === 'postgres') {
    const lock = dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      if (applied.length) logger.log(`Applied ${applied.map((m) => m.name).join(', ')}`);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
      await lock.release();
    }
    return;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      if (applied.length) logger.log(`Applied ${applied.map((m) => m.name).join(', ')}`);
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200));
    }
  }
}
