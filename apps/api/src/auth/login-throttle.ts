import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DomainError } from '../common/domain-error';
import { limitsConfig } from '../config/limits.config';
import { RedisConnection } from '../redis/redis.module';

interface Failures {
  count: number;
  /** When the last failure, or the last attempt let through while throttled, happened (ms). */
  at: number;
}

/** Failures are forgotten a day after the last one. */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;
const MAX_LOCAL = 100_000;

/**
 * Per-account back-off on failed logins, whatever address they come from: after
 * LOGIN_FAILURES_BEFORE_DELAY failures in a row each further attempt must wait
 * LOGIN_DELAY_BASE_SECONDS, doubled per failure up to LOGIN_DELAY_MAX_SECONDS (429 with
 * Retry-After). Never a lock-out: once the wait is over the right password works and clears the
 * count, so an attacker cannot shut the owner out, only slow guesses down to one per wait. One
 * attempt per wait is let through (claimed atomically in Redis), however many arrive at once.
 * Unknown usernames are throttled alike, so the answer does not tell which accounts exist.
 */
@Injectable()
export class LoginThrottle {
  private readonly local = new Map<string, Failures>();

  constructor(
    private readonly redis: RedisConnection,
    @Inject(limitsConfig.KEY) private readonly limits: ConfigType<typeof limitsConfig>,
  ) {}

  /** Throws RATE_LIMITED with the wait when this account must wait before another attempt. */
  async check(username: string): Promise<void> {
    const waitMs = await this.claim(username, Date.now());
    if (waitMs > 0) throw DomainError.rateLimited('Too many failed logins for this account; please wait and try again', waitMs);
  }

  async recordFailure(username: string): Promise<void> {
    const key = keyOf(username);
    const redis = this.redis.client;
    if (redis?.status === 'ready') {
      try {
        await redis.multi().hincrby(key, 'count', 1).hset(key, 'at', Date.now()).pexpire(key, FORGET_AFTER_MS).exec();
        return;
      } catch {
        // fall back to this process
      }
    }
    const entry = this.local.get(key);
    if (!entry && this.local.size >= MAX_LOCAL) this.sweep();
    this.local.set(key, { count: (entry?.count ?? 0) + 1, at: Date.now() });
  }

  async recordSuccess(username: string): Promise<void> {
    const key = keyOf(username);
    this.local.delete(key);
    await this.redis.client?.del(key).catch(() => undefined);
  }

  /** The wait for the next attempt after `count` failures in a row (0 below the threshold). */
  delayAfter(count: number): number {
    const over = count - this.limits.loginFailuresBeforeDelay;
    if (over < 0) return 0;
    const seconds = Math.min(this.limits.loginDelayMaxSeconds, this.limits.loginDelayBaseSeconds * 2 ** Math.min(over, 30));
    return seconds * 1000;
  }

  private async claim(username: string, now: number): Promise<number> {
    const key = keyOf(username);
    const redis = this.redis.client;
    if (redis?.status === 'ready') {
      try {
        const failures = await redis.hgetall(key);
        const count = Number(failures['count'] ?? 0);
        const wait = this.waitLeft({ count, at: Number(failures['at'] ?? 0) }, now);
        if (wait > 0 || this.delayAfter(count) === 0) return wait;
        // Let this attempt through and make any parallel one wait: only the first to move `at` wins.
        const moved = await redis.eval(CLAIM_SCRIPT, 1, key, String(failures['at'] ?? ''), String(now));
        return Number(moved) === 1 ? 0 : this.delayAfter(count);
      } catch {
        // fall back to this process
      }
    }
    const entry = this.local.get(key);
    if (!entry) return 0;
    const wait = this.waitLeft(entry, now);
    if (wait === 0 && this.delayAfter(entry.count) > 0) entry.at = now;
    return wait;
  }

  private waitLeft(failures: Failures, now: number): number {
    const delay = this.delayAfter(failures.count);
    return delay === 0 ? 0 : Math.max(0, failures.at + delay - now);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.local) if (now - entry.at > FORGET_AFTER_MS) this.local.delete(key);
  }
}

/** Sets `at` to ARGV[2] only if it still is ARGV[1]: 1 when this caller claimed the attempt. */
const CLAIM_SCRIPT = `
local at = redis.call('HGET', KEYS[1], 'at') or ''
if at ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'at', ARGV[2])
return 1
`;

function keyOf(username: string): string {
  return `parley:login-fail:${username.toLowerCase()}`;
}
