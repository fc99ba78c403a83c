import { registerAs } from '@nestjs/config';
import { isAbsolute, join } from 'node:path';
import { ConfigError, readString } from './env';
import { readAppConfig } from './app.config';

export type DatabaseConfig = { type: 'sqlite'; file: string } | { type: 'postgres'; url: string };

/** `DATABASE_URL`: unset = `<DATA_DIR>/parley.sqlite`; `sqlite:<file>`; or `postgres://…`. */
export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const raw = readString(env, 'DATABASE_URL', '');
  if (!raw) return { type: 'sqlite', file: join(readAppConfig(env).dataDir, 'parley.sqlite') };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new ConfigError('DATABASE_URL sqlite: needs a file name, e.g. sqlite:data/parley.sqlite');
    return { type: 'sqlite', file: isAbsolute(file) ? file : join(process.cwd(), file) };
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
