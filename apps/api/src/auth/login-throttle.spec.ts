import { ErrorCode } from '@parley/contract';
import type { RedisConnection } from '../redis/redis.module';
import { LoginThrottle } from './login-throttle';

const limits = { loginFailuresBeforeDelay: 3, loginDelayBaseSeconds: 1, loginDelayMaxSeconds: 8 };
const throttle = () => new LoginThrottle({ client: null } as unknown as RedisConnection, limits as never);

describe('LoginThrottle (in-process)', () => {
  it('waits nothing below the threshold, then doubles the wait per failure up to the maximum', () => {
    const t = throttle();
    expect([0, 1, 2].map((n) => t.delayAfter(n))).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6, 7, 40].map((n) => t.delayAfter(n))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('refuses with RATE_LIMITED and the wait once the threshold is reached; success clears the count', async () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) {
      await t.check('Alice');
      await t.recordFailure('alice');
    }
    await expect(t.check('alice')).rejects.toMatchObject({ code: ErrorCode.RateLimited, retryAfterMs: expect.any(Number) });
    await t.recordSuccess('ALICE');
    await expect(t.check('alice')).resolves.toBeUndefined();
  });
});
