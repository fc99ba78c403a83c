import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DomainError } from '../common/domain-error';
import { limitsConfig } from '../config/limits.config';
import { RedisConnection } from '../redis/redis.module';
import { fullAfterMs, takeToken, TAKE_TOKEN_SCRIPT, type BucketRule, type BucketState, type TakeResult } from './token-bucket';

const MAX_LOCAL_BUCKETS = 100_000;

/**
 * The per-account token bucket on message sends (a burst of SEND_RATE_BURST, then
 * SEND_RATE_PER_SECOND), one bucket per account across every process when Redis is configured.
 * A refused send costs nothing once refused: the wait Redis named is remembered in this process,
 * so a flood is answered without a round trip per event.
 */
@Injectable()
export class SendRateLimiter {
  private readonly logger = new Logger('SendRateLimiter');
  private readonly rule: BucketRule;
  private readonly local = new Map<string, BucketState>();
  /** userId → until when (ms) this process already knows the shared bucket is empty. */
  private readonly blockedUntil = new Map<string, number>();
  private redisFailing = false;

  constructor(
    private readonly redis: RedisConnection,
    @Inject(limitsConfig.KEY) config: ConfigType<typeof limitsConfig>,
  ) {
    this.rule = { capacity: config.sendBurst, perSecond: config.sendPerSecond };
  }

  /** Resolves when the account may send now; rejects with RATE_LIMITED and `retryAfterMs` otherwise. */
  async take(userId: string): Promise<void> {
    const result = await this.tryTake(userId);
    if (!result.ok) throw DomainError.rateLimited('You are sending too fast; please wait a moment', result.retryAfterMs);
  }

  /**
   * The same decision without throwing, for the socket middleware. Synchronous whenever this
   * process can answer alone (no Redis, or an account it already knows to be blocked), so that a
   * flood is refused without even a promise per event.
   */
  tryTake(userId: string): TakeResult | Promise<TakeResult> {
    const now = Date.now();
    const blocked = this.blockedUntil.get(userId);
    if (blocked !== undefined) {
      if (blocked > now) return { ok: false, retryAfterMs: blocked - now };
      this.blockedUntil.delete(userId);
    }
    const redis = this.redis.client;
    if (redis?.status === 'ready') return this.takeShared(userId, now);
    return this.takeLocal(userId, now);
  }

  private async takeShared(userId: string, now: number): Promise<TakeResult> {
    const redis = this.redis.client;
    if (redis) {
      try {
        const wait = Number(await redis.eval(TAKE_TOKEN_SCRIPT, 1, `parley:send:${userId}`, this.rule.capacity, this.rule.perSecond));
        this.redisFailing = false;
        if (wait <= 0) return { ok: true };
        this.remember(this.blockedUntil, userId, Date.now() + wait);
        return { ok: false, retryAfterMs: wait };
      } catch (error) {
        // Redis is failing: limit in this process rather than refuse every send or none.
        if (!this.redisFailing) this.logger.warn(`Send rate limit falls back to this process: ${(error as Error).message}`);
        this.redisFailing = true;
      }
    }
    return this.takeLocal(userId, now);
  }

  private takeLocal(userId: string, now: number): TakeResult {
    const { state, result } = takeToken(this.local.get(userId), this.rule, now);
    this.remember(this.local, userId, state);
    return result;
  }

  /** Bounded maps: entries that no longer matter (full buckets, past blocks) are swept when one grows large. */
  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    if (map.size >= MAX_LOCAL_BUCKETS && !map.has(key)) this.sweep(Date.now());
    map.set(key, value);
  }

  private sweep(now: number): void {
    for (const [key, state] of this.local) if (now - state.at >= fullAfterMs(state, this.rule)) this.local.delete(key);
    for (const [key, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(key);
  }
}
