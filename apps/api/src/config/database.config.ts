import { registerAs } from '@nestjs/config';
import { availableParallelism } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { ConfigError, readInt, readString } from './env';
import { readAppConfig } from './app.config';

/** SQLite's `readers`: threads with their own read-only connection that run the raw reads off the event loop (0: none). */
export type DatabaseConfig = { type: 'sqlite'; file: string; readers: number } | { type: 'postgres'; url: string };

/** `DATABASE_URL`: unset = `<DATA_DIR>/parley.sqlite`; `sqlite:<file>`; or `postgres://…`. */
export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const raw = readString(env, 'DATABASE_URL', '');
  // Two threads keep a slow read and a quick one apart; more than the cores only adds contention.
  const readers = readInt(env, 'SQLITE_READERS', Math.min(2, availableParallelism()), { min: 0, max: 16 });
  if (!raw) return { type: 'sqlite', file: join(readAppConfig(env).dataDir, 'parley.sqlite'), readers };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new ConfigError('DATABASE_URL sqlite: needs a file name, e.g. sqlite:data/parley.sqlite');
    return { type: 'sqlite', file: isAbsolute(file) ? file : join(process.cwd(), file), readers };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError('DATABASE_URL is not a valid postgres:// URL');
    }
    return { type: 'postgres', url: raw };
  }
  throw new ConfigError('DATABASE_URL must start with sqlite: or postgres:// (got an unsupported scheme)');
}

export const databaseConfig = registerAs('database', () => readDatabaseConfig());
