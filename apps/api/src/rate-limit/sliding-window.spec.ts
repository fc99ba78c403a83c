import { slidingCount, slidingRetryAfterMs } from './sliding-window';

describe('sliding window', () => {
  const minute = 60_000;

  it('weighs the previous window by how much of it still overlaps', () => {
    expect(slidingCount({ previous: 20, current: 0, elapsed: 0 }, minute)).toBe(20);
    expect(slidingCount({ previous: 20, current: 5, elapsed: 30_000 }, minute)).toBe(15);
    expect(slidingCount({ previous: 20, current: 5, elapsed: minute }, minute)).toBe(5);
  });

  it('lets no double burst through at a window boundary (a fixed window would allow 40 in two seconds)', () => {
    // 20 at the very end of one window, then 20 more one second into the next.
    expect(slidingCount({ previous: 20, current: 20, elapsed: 1_000 }, minute)).toBeGreaterThan(20);
  });

  it('names the wait until the count is back within the limit', () => {
    expect(slidingRetryAfterMs({ previous: 0, current: 5, elapsed: 1_000 }, minute, 5)).toBe(0);
    // 20 before, 12 now at half time (count 22): within the limit of 20 once 12 of the previous have slid out (at 0.6).
    const wait = slidingRetryAfterMs({ previous: 20, current: 12, elapsed: 30_000 }, minute, 20);
    expect(wait).toBe(6_000);
    expect(slidingCount({ previous: 20, current: 12, elapsed: 30_000 + wait }, minute)).toBeLessThanOrEqual(20);
    // Over the limit in this window alone: the wait reaches into the next window.
    const long = slidingRetryAfterMs({ previous: 0, current: 40, elapsed: 10_000 }, minute, 20);
    expect(long).toBe(50_000 + 30_000);
    expect(slidingCount({ previous: 40, current: 0, elapsed: 30_000 }, minute)).toBe(20);
  });
});
