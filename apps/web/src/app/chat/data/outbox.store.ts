import { Injectable, signal } from '@angular/core';
import { PendingMessage } from '../model/timeline';

const storageKey = (userId: string) => `parley.outbox.${userId}`;

function readStored(userId: string): PendingMessage[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(userId)) ?? '[]');
    return Array.isArray(parsed) ? (parsed as PendingMessage[]).filter((e) => e && typeof e.clientMessageId === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Our messages the server has not acknowledged yet. Kept in localStorage per user, so a reload or a
 * crashed tab does not lose what was typed; every entry is resent with its original clientMessageId
 * (the server deduplicates), so a resend can never store a message twice.
 */
@Injectable()
export class OutboxStore {
  private readonly entries = signal<PendingMessage[]>([]);
  private userId: string | null = null;

  readonly all = this.entries.asReadonly();

  load(userId: string): void {
    this.userId = userId;
    this.entries.set(readStored(userId));
  }

  find(clientMessageId: string): PendingMessage | undefined {
    return this.entries().find((e) => e.clientMessageId === clientMessageId);
  }

  add(entry: PendingMessage): void {
    this.write([...this.entries(), entry]);
  }

  update(clientMessageId: string, patch: Partial<Pick<PendingMessage, 'state' | 'error'>>): void {
    this.write(this.entries().map((e) => (e.clientMessageId === clientMessageId ? { ...e, ...patch } : e)));
  }

  remove(clientMessageId: string): void {
    if (!this.find(clientMessageId)) return;
    this.write(this.entries().filter((e) => e.clientMessageId !== clientMessageId));
  }

  private write(entries: PendingMessage[]): void {
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
