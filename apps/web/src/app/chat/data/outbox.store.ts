import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { PendingMessage } from '../model/timeline';

const storageKey = (userId: string) => `parley.outbox.${userId}`;

/** The stored entries; null when storage cannot be read at all (disabled), so the caller keeps its own copy. */
function readStored(userId: string): PendingMessage[] | null {
  let raw: string | null;
  try {
    raw = localStorage.getItem(storageKey(userId));
  } catch {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(raw ?? '[]');
    return Array.isArray(parsed) ? (parsed as PendingMessage[]).filter((e) => e && typeof e.clientMessageId === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Our messages the server has not acknowledged yet. Kept in localStorage per user, so a reload or a
 * crashed tab does not lose what was typed; every entry is resent with its original clientMessageId
 * (the server deduplicates), so a resend can never store a message twice.
 * Several tabs share the one key: every change is read-modify-write against storage, and the `storage`
 * event brings in the other tabs' changes, so one tab never erases another's unsent messages.
 */
@Injectable()
export class OutboxStore {
  private readonly entries = signal<PendingMessage[]>([]);
  private userId: string | null = null;

  readonly all = this.entries.asReadonly();

  constructor() {
    if (typeof window === 'undefined') return;
    const onStorage = (event: StorageEvent) => {
      if (!this.userId || (event.key !== null && event.key !== storageKey(this.userId))) return;
      this.entries.set(readStored(this.userId) ?? this.entries());
    };
    window.addEventListener('storage', onStorage);
    inject(DestroyRef).onDestroy(() => window.removeEventListener('storage', onStorage));
  }

  load(userId: string): void {
    this.userId = userId;
    this.entries.set(readStored(userId) ?? []);
  }

  find(clientMessageId: string): PendingMessage | undefined {
    return this.entries().find((e) => e.clientMessageId === clientMessageId);
  }

  add(entry: PendingMessage): void {
    this.change((entries) => [...entries.filter((e) => e.clientMessageId !== entry.clientMessageId), entry]);
  }

  update(clientMessageId: string, patch: Partial<Pick<PendingMessage, 'state' | 'error'>>): void {
    this.change((entries) => entries.map((e) => (e.clientMessageId === clientMessageId ? { ...e, ...patch } : e)));
  }

  remove(clientMessageId: string): void {
    if (!this.find(clientMessageId)) return;
    this.change((entries) => entries.filter((e) => e.clientMessageId !== clientMessageId));
  }

  /** Applies the change to what storage holds now (another tab may have written since), not to our copy. */
  private change(apply: (entries: PendingMessage[]) => PendingMessage[]): void {
    const current = (this.userId && readStored(this.userId)) || this.entries();
    const entries = apply(current);
    this.entries.set(entries);
    if (!this.userId) return;
    try {
      if (entries.length) localStorage.setItem(storageKey(this.userId), JSON.stringify(entries));
      else localStorage.removeItem(storageKey(this.userId));
    } catch {
      // Storage full or disabled (private mode): the outbox still works for this page's lifetime.
    }
  }
}
