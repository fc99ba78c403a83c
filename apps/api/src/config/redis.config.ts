import { registerAs } from '@nestjs/config';
import { ConfigError, readChoice, readUrl } from './env';

export const REDIS_ADAPTERS = ['classic', 'sharded'] as const;
export type RedisAdapterKind = (typeof REDIS_ADAPTERS)[number];

export interface RedisConfig {
  /** Unset: one process, in-memory Socket.IO adapter and counters. */
  url?: string;
  /**
   * How Socket.IO events cross processes. `classic`: PUBLISH on one channel that every process
   * decodes. `sharded` (Redis 7+): SPUBLISH on a channel per room, decoded only by the processes
   * holding a socket in that room.
   */
  adapter: RedisAdapterKind;
}

export function readRedisConfig(env: NodeJS.ProcessEnv = process.env): RedisConfig {
  const url = readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const adapter = readChoice(env, 'REDIS_ADAPTER', REDIS_ADAPTERS, 'classic');
  if (adapter === 'sharded' && !url) throw new ConfigError('REDIS_ADAPTER=sharded needs REDIS_URL (one process has nothing to shard)');
  return { url, adapter };
}

export const redisConfig = registerAs('redis', () => readRedisConfig());
