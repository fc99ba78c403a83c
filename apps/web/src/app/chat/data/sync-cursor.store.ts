import { inject, Injectable, OnDestroy, signal } from '@angular/core';
import { ChatApi } from './chat-api';

const storageKey = (userId: string) => `parley.syncCursor.${userId}`;

function readStored(userId: string): string | null {
  try {
    return localStorage.getItem(storageKey(userId));
  } catch {
    return null;
  }
}

/**
 * This device's position in the server's message stream, per user: in memory and in localStorage, so
 * a reload resumes where the last sync left off. It only ever moves to a cursor the server handed out
 * (a sync response), never to anything learnt live, so a missed live event can't be skipped over.
 */
@Injectable()
export class SyncCursorStore implements OnDestroy {
  private readonly api = inject(ChatApi);
  private userId: string | null = null;
  private pending: Promise<void> = Promise.resolve();

  /** Null until known (or when the server could not be asked): catch-up then starts afresh. */
  readonly cursor = signal<string | null>(null);

  /**
   * Resumes the stored cursor, or asks the server for the current one. History loads wait for this
   * (see `ready`), so the cursor always predates what they return and nothing stored in between is missed.
   */
  begin(userId: string): Promise<void> {
    this.userId = userId;
    const stored = readStored(userId);
    this.cursor.set(stored);
    // A failure is swallowed here: the first sync sees no cursor and falls back to a fresh start.
    this.pending = stored !== null ? Promise.resolve() : this.fetchFresh().then(
      () => undefined,
      () => undefined,
    );
    return this.pending;
  }

  /** Resolves once `begin` has settled. */
  ready(): Promise<void> {
    return this.pending;
  }

  /** Starts over from the server's current position (first use, or a cursor it rejected). */
  async fetchFresh(): Promise<string> {
    const userId = this.userId;
    const { cursor } = await this.api.sync({});
    if (userId !== null && userId === this.userId) this.set(cursor);
    return cursor;
  }

  set(cursor: string): void {
    this.cursor.set(cursor);
    if (!this.userId) return;
    try {
      localStorage.setItem(storageKey(this.userId), cursor);
    } catch {
      // Storage full or disabled: the cursor still lives for this page; a reload starts afresh.
    }
  }

  /** Leaving the chat (log out): a late answer must not write; the stored copy stays for this user's next visit. */
  ngOnDestroy(): void {
    this.userId = null;
  }
}
