import { effect, inject, Injectable, OnDestroy, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { SocketService } from '../connection/socket.service';
import { PresenceStore } from './presence.store';

/** Screens change their lists in bursts (a sidebar load, a search typed): one subscription per burst. */
export const PRESENCE_RESUBSCRIBE_DEBOUNCE_MS = 300;

/**
 * Keeps the socket's `presence:subscribe` list equal to the people on screen (PresenceStore.wanted):
 * re-sent, debounced, when that set changes, and at once on every (re)connect (a new socket follows
 * no one). The acks and the `presence` pushes land in the store.
 */
@Injectable()
export class PresenceSubscription implements OnDestroy {
  private readonly socket = inject(SocketService);
  private readonly store = inject(PresenceStore);
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The set the server has (or is being sent), as a sorted key; null: unknown, send again. */
  private sentKey: string | null = null;

  constructor() {
    effect(() => {
      this.store.wanted();
      untracked(() => this.schedule());
    });
    this.socket.presence$.pipe(takeUntilDestroyed()).subscribe((presence) => this.store.apply([presence]));
    this.socket.connected$.pipe(takeUntilDestroyed()).subscribe(() => {
      this.sentKey = null;
      clearTimeout(this.timer);
      void this.send();
    });
  }

  ngOnDestroy(): void {
    clearTimeout(this.timer);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.send(), PRESENCE_RESUBSCRIBE_DEBOUNCE_MS);
  }

  private async send(): Promise<void> {
    if (!this.socket.connected) return;
    const ids = [...this.store.wanted()];
    const key = [...ids].sort().join(',');
    if (key === this.sentKey) return;
    this.sentKey = key;
    try {
      const ack = await this.socket.subscribePresence(ids);
      if (ack.ok) this.store.apply(ack.presence);
      else if (this.sentKey === key) this.sentKey = null;
    } catch {
      // Lost or timed out: the next change or reconnect sends it again.
      if (this.sentKey === key) this.sentKey = null;
    }
  }
}
