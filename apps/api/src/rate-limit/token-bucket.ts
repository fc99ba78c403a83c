/** A bucket's state: how many tokens it held at `at` (ms). */
export interface BucketState {
  tokens: number;
  at: number;
}

export interface BucketRule {
  /** Tokens a full bucket holds: the burst. */
  capacity: number;
  /** Tokens added per second. */
  perSecond: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Takes one token from the bucket at `now`, refilling it first. Pure, so the in-process buckets
 * and the Redis script (which mirrors it) can be checked against the same cases.
 */
export function takeToken(state: BucketState | undefined, rule: BucketRule, now: number): { state: BucketState; result: TakeResult } {
  const refilled = state ? Math.min(rule.capacity, state.tokens + ((now - state.at) / 1000) * rule.perSecond) : rule.capacity;
  if (refilled >= 1) return { state: { tokens: refilled - 1, at: now }, result: { ok: true } };
  const retryAfterMs = Math.ceil(((1 - refilled) / rule.perSecond) * 1000);
  return { state: { tokens: refilled, at: now }, result: { ok: false, retryAfterMs } };
}

/** When a bucket left alone is full again, so it can be forgotten. */
export function fullAfterMs(state: BucketState, rule: BucketRule): number {
  return Math.ceil(((rule.capacity - state.tokens) / rule.perSecond) * 1000);
}

/**
 * The same algorithm as a Redis script, so every process shares one bucket per key. The time comes
 * from Redis (TIME), not from the callers, whose clocks may differ.
 * KEYS[1] bucket hash; ARGV capacity, perSecond. Returns 0 (allowed) or the wait in ms.
 */
export const TAKE_TOKEN_SCRIPT = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = capacity
if state[1] then
  tokens = math.min(capacity, tonumber(state[1]) + ((now - tonumber(state[2])) / 1000) * rate)
end
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil(((1 - tokens) / rate) * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(((capacity - tokens) / rate) * 1000) + 1000)
return wait
`;
