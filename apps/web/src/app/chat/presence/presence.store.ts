import { computed, DestroyRef, inject, Injectable, linkedSignal, OnDestroy, Signal, signal } from '@angular/core';
import { Limits, Presence, PresenceState } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { presenceLabel } from './presence-text';

/** Who matters most when there are more than Limits.presenceSubscribeMax people on screen. */
export const PresencePriority = {
  /** The members of the conversation that is open. */
  OpenConversation: 0,
  /** The sidebar's direct conversations, most recently active first. */
  Sidebar: 1,
  /** A people list (the "New chat" directory, a picker). */
  PeopleList: 2,
} as const;
export type PresencePriority = (typeof PresencePriority)[keyof typeof PresencePriority];

interface WatchSource {
  ids: Signal<readonly string[]>;
  priority: PresencePriority;
}

const OFFLINE: PresenceState = { online: false, lastSeenAt: null };
/** Relative times ("last seen 5 minutes ago") move on once a minute, from one timer for every dot. */
const CLOCK_TICK_MS = 60_000;

/**
 * Everyone's presence as this device knows it: what the server said (the `presence:subscribe` ack and
 * `presence` pushes), else what the User object carried when it was loaded. Screens say whose presence
 * they show (watch / watchPresence); PresenceSubscription follows exactly those people.
 * In root like PeopleStore (every screen that shows a person reads it), and keyed on who is logged in:
 * another login starts from nothing the previous one was told.
 */
@Injectable({ providedIn: 'root' })
export class PresenceStore implements OnDestroy {
  private readonly auth = inject(AuthStore);
  private readonly live = linkedSignal<string | undefined, ReadonlyMap<string, PresenceState>>({
    source: () => this.auth.user()?.id,
    computation: () => new Map(),
  });
  private readonly sources = signal<readonly WatchSource[]>([]);
  private readonly clock = signal(new Date());
  private readonly timer = setInterval(() => this.clock.set(new Date()), CLOCK_TICK_MS);

  /** "Now" for relative times, ticking once a minute. */
  readonly now = this.clock.asReadonly();

  /** The ids to follow: by priority, then in each screen's order; without me, repeats, or more than the server takes. */
  readonly wanted = computed<readonly string[]>(() => {
    const me = this.auth.user()?.id;
    const ids = new Set<string>();
    const ordered = [...this.sources()].sort((a, b) => a.priority - b.priority);
    for (const source of ordered) {
      for (const id of source.ids()) {
        if (ids.size >= Limits.presenceSubscribeMax) return [...ids];
        if (id !== me) ids.add(id);
      }
    }
    return [...ids];
  });

  /** A user's presence (reactive): the server's word once it has spoken, else `fallback` (the User as loaded). */
  stateOf(userId: string, fallback?: PresenceState | null): PresenceState {
    const known = this.live().get(userId);
    if (known) return known;
    return fallback ? { online: fallback.online, lastSeenAt: fallback.lastSeenAt, status: fallback.status } : OFFLINE;
  }

  /** "Online", "Away", "Offline, last seen 5 minutes ago" (reactive, the clock included). */
  labelOf(userId: string, fallback?: PresenceState | null): string {
    return presenceLabel(this.stateOf(userId, fallback), this.now());
  }

  apply(updates: readonly Presence[]): void {
    if (updates.length === 0) return;
    const next = new Map(this.live());
    for (const { userId, online, lastSeenAt, status } of updates) next.set(userId, { online, lastSeenAt, status });
    this.live.set(next);
  }

  /** Follows these ids while the returned function has not been called. */
  watch(ids: Signal<readonly string[]>, priority: PresencePriority): () => void {
    const source: WatchSource = { ids, priority };
    this.sources.update((all) => [...all, source]);
    return () => this.sources.update((all) => all.filter((s) => s !== source));
  }

  ngOnDestroy(): void {
    clearInterval(this.timer);
  }
}

/** In an injection context: follow these people's presence for as long as the caller lives. */
export function watchPresence(ids: () => readonly string[], priority: PresencePriority): void {
  const stop = inject(PresenceStore).watch(computed(ids), priority);
  inject(DestroyRef).onDestroy(stop);
}
