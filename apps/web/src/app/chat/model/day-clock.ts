import { DestroyRef, inject, Signal, signal } from '@angular/core';

/** Slack after midnight, so a timer that fires a hair early still lands on the new day. */
const AFTER_MIDNIGHT_MS = 1_000;

export function msUntilNextMidnight(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime() - now.getTime();
}

/**
 * "Now" as a signal that moves on just after each local midnight: computeds that label days ("Today",
 * "Yesterday") read it, so they recompute when the day changes instead of keeping yesterday's labels.
 * Call in an injection context; the timer stops when that context is destroyed.
 */
export function dayClock(): Signal<Date> {
  const now = signal(new Date());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      now.set(new Date());
      schedule();
    }, msUntilNextMidnight(new Date()) + AFTER_MIDNIGHT_MS);
  };
  schedule();
  inject(DestroyRef).onDestroy(() => clearTimeout(timer));
  return now.asReadonly();
}
