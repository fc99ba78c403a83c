import { signal, Signal, DestroyRef, inject } from '@angular/core';

/** The sidebar's time column: "now", "5m", "3h", "Yesterday", "Tue", "12 Mar", "12 Mar 2025". */
export function relativeTime(date: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - date.getTime()) / 60_000);
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes}m`;
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOf(now) - startOf(date)) / 86_400_000);
  if (days === 0) return `${Math.floor(minutes / 60)}h`;
  if (days === 1) return 'Yesterday';
  if (days < 7) return new Intl.DateTimeFormat(undefined, { weekday: 'short' }).format(date);
  const sameYear = date.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: sameYear ? undefined : 'numeric' }).format(date);
}

/** "Now", ticking once a minute while the calling component lives (call in an injection context). */
export function minuteClock(): Signal<Date> {
  const now = signal(new Date());
  const timer = setInterval(() => now.set(new Date()), 60_000);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return now.asReadonly();
}
