/**
 * A sliding-window counter: the count of the current fixed window plus the previous window's,
 * weighted by how much of it still overlaps the last `windowMs`. Unlike a fixed window it lets no
 * burst of twice the limit through at a window boundary. Pure, shared by the Redis and in-process stores.
 */
export interface WindowCounts {
  previous: number;
  current: number;
  /** ms elapsed in the current window. */
  elapsed: number;
}

export function slidingCount({ previous, current, elapsed }: WindowCounts, windowMs: number): number {
  return previous * (1 - elapsed / windowMs) + current;
}

/** How long until the sliding count is back within `limit` if nothing else arrives (0 = now). */
export function slidingRetryAfterMs(counts: WindowCounts, windowMs: number, limit: number): number {
  const { previous, current, elapsed } = counts;
  if (slidingCount(counts, windowMs) <= limit) return 0;
  if (current <= limit && previous > 0) {
    // Within this window, once enough of the previous one has slid out.
    const at = windowMs * (1 - (limit - current) / previous);
    return Math.max(1, Math.ceil(at - elapsed));
  }
  // In the next window this one becomes the previous: wait until enough of it has slid out.
  return Math.ceil(windowMs - elapsed + windowMs * (1 - limit / current));
}
