import { registerAs } from '@nestjs/config';
import { readUrl } from './env';

export interface RedisConfig {
  /** Unset: one process, in-memory Socket.IO adapter and counters. */
  url?: string;
}

export function readRedisConfig(env: NodeJS.ProcessEnv = process.env): RedisConfig {
  return { url: readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']) };
}

export const redisConfig = registerAs('redis', () => readRedisConfig());
