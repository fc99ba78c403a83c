import { Injectable } from '@nestjs/common';
import { RedisConnection } from '../redis/redis.module';
import { slidingCount, slidingRetryAfterMs, type WindowCounts } from './sliding-window';

export interface SlidingHit {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until an attempt would be allowed again. */
  retryAfterMs: number;
}

const MAX_LOCAL_KEYS = 100_000;

/**
 * Sliding-window counters (see sliding-window.ts). With Redis they are shared by every process
 * (one INCR on this window's key, one GET of the previous one); otherwise, or while Redis is
 * down, they live in this process. Every attempt counts, refused ones too: a client that keeps
 * hammering stays refused.
 */
@Injectable()
export class RateLimitStore {
  private readonly local = new Map<string, { window: number; current: number; previous: number }>();

  constructor(private readonly redis: RedisConnection) {}

  async hit(key: string, windowMs: number, limit: number): Promise<SlidingHit> {
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    const counts = (await this.hitRedis(key, window, windowMs)) ?? this.hitLocal(key, window);
    const withElapsed: WindowCounts = { ...counts, elapsed: now - window * windowMs };
    const allowed = slidingCount(withElapsed, windowMs) <= limit;
    return { allowed, retryAfterMs: allowed ? 0 : slidingRetryAfterMs(withElapsed, windowMs, limit) };
  }

  private async hitRedis(key: string, window: number, windowMs: number): Promise<{ previous: number; current: number } | null> {
    const redis = this.redis.client;
    if (redis?.status !== 'ready') return null;
    const currentKey = `parley:rl:${key}:${window}`;
    try {
      const results = await redis
        .multi()
        .incr(currentKey)
        .pexpire(currentKey, windowMs * 2)
        .get(`parley:rl:${key}:${window - 1}`)
        .exec();
      const current = results?.[0]?.[1];
      if (typeof current !== 'number') return null;
      return { current, previous: Number(results?.[2]?.[1] ?? 0) || 0 };
    } catch {
      // Redis is failing: count in this process rather than turn a Redis outage into failed logins.
      return null;
    }
  }

  private hitLocal(key: string, window: number): { previous: number; current: number } {
    if (this.local.size > MAX_LOCAL_KEYS) this.sweep(window);
    const entry = this.local.get(key);
    let next: { window: number; current: number; previous: number };
    if (!entry || entry.window < window - 1) next = { window, current: 1, previous: 0 };
    else if (entry.window === window - 1) next = { window, current: 1, previous: entry.current };
    else next = { ...entry, current: entry.current + 1 };
    this.local.set(key, next);
    return next;
  }

  private sweep(window: number): void {
    for (const [key, entry] of this.local) if (entry.window < window - 1) this.local.delete(key);
  }
}
