import { inject, Injectable, linkedSignal } from '@angular/core';
import { User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';

const storageKey = (userId: string) => `parley.people.${userId}`;
/** Enough for every name a device is likely to show; the oldest are dropped first. */
export const PEOPLE_KEPT = 1000;

function readStored(userId: string | undefined): Map<string, User> {
  if (!userId) return new Map();
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(userId)) ?? '[]');
    const users = Array.isArray(parsed) ? (parsed as User[]).filter((u) => u && typeof u.id === 'string' && typeof u.displayName === 'string') : [];
    return new Map(users.map((u) => [u.id, u]));
  } catch {
    return new Map();
  }
}

/**
 * Everyone this device has seen (conversation members, directory results), by id, kept in localStorage
 * per user. A system line or an old message still names someone after they left a group, when no
 * conversation lists them any more (the API has no lookup of a user by id).
 * In root like AuthStore, and keyed on who is logged in: another login starts from that user's own list.
 */
@Injectable({ providedIn: 'root' })
export class PeopleStore {
  private readonly auth = inject(AuthStore);
  readonly known = linkedSignal<string | undefined, ReadonlyMap<string, User>>({
    source: () => this.auth.user()?.id,
    computation: (userId) => readStored(userId),
  });

  remember(users: readonly User[]): void {
    const known = this.known();
    const fresh = users.filter((u) => known.get(u.id)?.displayName !== u.displayName);
    if (fresh.length === 0) return;
    const next = new Map(known);
    for (const user of fresh) {
      next.delete(user.id); // re-inserted last: the most recently seen are kept longest
      next.set(user.id, user);
    }
    while (next.size > PEOPLE_KEPT) next.delete(next.keys().next().value as string);
    this.known.set(next);
    this.save(next);
  }

  private save(people: ReadonlyMap<string, User>): void {
    const userId = this.auth.user()?.id;
    if (!userId) return;
    try {
      localStorage.setItem(storageKey(userId), JSON.stringify([...people.values()]));
    } catch {
      // Storage full or disabled: names still work for this session.
    }
  }
}
