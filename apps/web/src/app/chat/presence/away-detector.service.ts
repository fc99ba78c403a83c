import { DOCUMENT } from '@angular/common';
import { inject, Injectable, OnDestroy, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Limits, PresenceStatus } from '@parley/contract';
import { SocketService } from '../connection/socket.service';

/** The latest input in any tab of this browser, shared through localStorage (its `storage` event reaches the other tabs). */
export const LAST_INPUT_KEY = 'parley.lastInputAt';
/** Pointer moves come by the hundred: the shared time is written at most this often (but at once when coming back). */
export const INPUT_SHARE_INTERVAL_MS = 1_000;
const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'focus'] as const;

function readShared(): number {
  try {
    const value = Number(localStorage.getItem(LAST_INPUT_KEY));
    return Number.isFinite(value) ? value : 0;
  } catch {
    return 0;
  }
}

/**
 * `away` after Limits.awayAfterMs without input (pointer, key, focus) in every tab of this browser,
 * `active` on the next input in any of them. Each tab reports to its own socket (the server combines a
 * user's sockets), and tells it again after every (re)connect.
 */
@Injectable()
export class AwayDetector implements OnDestroy {
  private readonly socket = inject(SocketService);
  private readonly view = inject(DOCUMENT).defaultView;
  private lastInput = Date.now();
  private lastShared = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly status = signal<PresenceStatus>(PresenceStatus.Active);

  private readonly onInput = () => this.noteInput(Date.now(), true);
  private readonly onStorage = (event: StorageEvent) => {
    if (event.key === LAST_INPUT_KEY && event.newValue) this.noteInput(Number(event.newValue), false);
  };

  constructor() {
    this.lastInput = Math.max(this.lastInput, readShared());
    this.share(this.lastInput);
    for (const type of INPUT_EVENTS) this.view?.addEventListener(type, this.onInput, { capture: true, passive: true });
    this.view?.addEventListener('storage', this.onStorage);
    this.socket.connected$.pipe(takeUntilDestroyed()).subscribe(() => this.socket.setPresenceStatus(this.status()));
    this.schedule();
  }

  ngOnDestroy(): void {
    clearTimeout(this.timer);
    for (const type of INPUT_EVENTS) this.view?.removeEventListener(type, this.onInput, { capture: true });
    this.view?.removeEventListener('storage', this.onStorage);
  }

  private noteInput(at: number, here: boolean): void {
    if (!Number.isFinite(at) || at <= this.lastInput) return;
    this.lastInput = at;
    const away = this.status() === PresenceStatus.Away;
    if (here && (away || at - this.lastShared >= INPUT_SHARE_INTERVAL_MS)) this.share(at);
    if (away) {
      this.report(PresenceStatus.Active);
      this.schedule();
    }
  }

  /** Wakes when the quiet would reach the limit; input meanwhile (here or in another tab) moves that on. */
  private schedule(): void {
    clearTimeout(this.timer);
    const due = this.lastInput + Limits.awayAfterMs - Date.now();
    this.timer = setTimeout(() => this.check(), Math.max(0, due));
  }

  private check(): void {
    // Another tab's input may have been written without this tab hearing of it (a storage event missed while frozen).
    this.lastInput = Math.max(this.lastInput, readShared());
    if (Date.now() - this.lastInput >= Limits.awayAfterMs) this.report(PresenceStatus.Away);
    else this.schedule();
  }

  private report(status: PresenceStatus): void {
    if (this.status() === status) return;
    this.status.set(status);
    this.socket.setPresenceStatus(status);
  }

  private share(at: number): void {
    this.lastShared = at;
    try {
      localStorage.setItem(LAST_INPUT_KEY, String(at));
    } catch {
      // Storage disabled: this tab still goes away and comes back by its own input.
    }
  }
}
