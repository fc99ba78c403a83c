import { inject, Injectable, linkedSignal } from '@angular/core';
import { AuthStore } from '../../auth/auth.store';
import { readStored, writeStored } from '../../core/per-user-storage';

export interface NotificationPrefs {
  /** Browser notifications; on only after the person turned them on (and the browser allowed them). */
  desktop: boolean;
  /** A short beep with each notification; off by default. */
  sound: boolean;
}

export const DEFAULT_PREFS: NotificationPrefs = { desktop: false, sound: false };
const key = (userId: string) => `parley.notifications.${userId}`;
const isPrefs = (value: unknown): value is NotificationPrefs =>
  typeof value === 'object' && value !== null && typeof (value as NotificationPrefs).desktop === 'boolean' && typeof (value as NotificationPrefs).sound === 'boolean';

/** The notification settings of whoever is logged in, kept per user on this device. */
@Injectable({ providedIn: 'root' })
export class NotificationPrefsStore {
  private readonly auth = inject(AuthStore);
  readonly prefs = linkedSignal<string | undefined, NotificationPrefs>({
    source: () => this.auth.user()?.id,
    computation: (userId) => (userId ? (readStored(key(userId), isPrefs) ?? DEFAULT_PREFS) : DEFAULT_PREFS),
  });

  update(change: Partial<NotificationPrefs>): void {
    const next = { ...this.prefs(), ...change };
    this.prefs.set(next);
    const userId = this.auth.user()?.id;
    if (userId) writeStored(key(userId), next);
  }
}
