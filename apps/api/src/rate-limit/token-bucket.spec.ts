import { fullAfterMs, takeToken, type BucketRule, type BucketState } from './token-bucket';

describe('token bucket', () => {
  const rule: BucketRule = { capacity: 50, perSecond: 10 };

  it('lets a full burst through at once, then refuses with the wait until one token is back', () => {
    let state: BucketState | undefined;
    for (let i = 0; i < 50; i++) {
      const step = takeToken(state, rule, 1_000);
      expect(step.result.ok).toBe(true);
      state = step.state;
    }
    const refused = takeToken(state, rule, 1_000);
    expect(refused.result).toEqual({ ok: false, retryAfterMs: 100 });
    expect(takeToken(refused.state, rule, 1_050).result).toEqual({ ok: false, retryAfterMs: 50 });
    expect(takeToken(refused.state, rule, 1_100).result).toEqual({ ok: true });
  });

  it('refills at the rate and never above the burst', () => {
    const empty: BucketState = { tokens: 0, at: 0 };
    expect(takeToken(empty, rule, 60_000).state.tokens).toBe(49);
    expect(fullAfterMs(empty, rule)).toBe(5_000);
  });
});
