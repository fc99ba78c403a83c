import { Injectable } from '@nestjs/common';
import { RedisConnection } from '../redis/redis.module';

/**
 * Fixed-window counters. With Redis they are shared by every process (INCR + PEXPIRE), otherwise
 * (or while Redis is down) they live in this process.
 */
@Injectable()
export class RateLimitStore {
  private readonly local = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly redis: RedisConnection) {}

  /** Counts one hit and returns the count within the current window. */
  async hit(key: string, windowMs: number): Promise<number> {
    const redis = this.redis.client;
    if (redis?.status === 'ready') {
      const redisKey = `parley:rl:${key}:${Math.floor(Date.now() / windowMs)}`;
      try {
        const results = await redis.multi().incr(redisKey).pexpire(redisKey, windowMs).exec();
        const count = results?.[0]?.[1];
        if (typeof count === 'number') return count;
      } catch {
        // Redis is failing: count in this process rather than turn a Redis outage into failed logins.
      }
    }
    return this.hitLocal(key, windowMs);
  }

  private hitLocal(key: string, windowMs: number): number {
    const now = Date.now();
    if (this.local.size > 100_000) this.sweep(now);
    const entry = this.local.get(key);
    if (!entry || entry.resetAt <= now) {
      this.local.set(key, { count: 1, resetAt: now + windowMs });
      return 1;
    }
    entry.count += 1;
    return entry.count;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.local) if (entry.resetAt <= now) this.local.delete(key);
  }
}
