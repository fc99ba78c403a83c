import { appConfig, readAppConfig } from './app.config';
import { authConfig, readAuthConfig } from './auth.config';
import { databaseConfig, readDatabaseConfig } from './database.config';
import { limitsConfig, readLimitsConfig } from './limits.config';
import { presenceConfig, readPresenceConfig } from './presence.config';
import { readRedisConfig, redisConfig } from './redis.config';
import { readUploadsConfig, uploadsConfig } from './uploads.config';

export { ConfigError } from './env';
export type { AppConfig } from './app.config';
export type { AuthConfig } from './auth.config';
export type { DatabaseConfig } from './database.config';
export type { RedisConfig } from './redis.config';
export type { LimitsConfig } from './limits.config';
export type { PresenceConfig } from './presence.config';
export type { UploadsConfig, S3StoreConfig } from './uploads.config';

export const configNamespaces = [appConfig, authConfig, databaseConfig, redisConfig, limitsConfig, presenceConfig, uploadsConfig];

/** Reads every namespace once so that a bad value stops the boot before anything starts. */
export function validateEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  readAppConfig(env);
  readDatabaseConfig(env);
  readRedisConfig(env);
  readAuthConfig(env);
  readLimitsConfig(env);
  readPresenceConfig(env);
  readUploadsConfig(env);
}
