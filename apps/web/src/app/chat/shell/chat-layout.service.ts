import { BreakpointObserver } from '@angular/cdk/layout';
import { effect, inject, Injectable, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

export const NARROW_QUERY = '(max-width: 767.98px)';

/** Sidebar state for the chat shell: open beside the conversation on wide screens, an overlay on narrow ones. */
@Injectable()
export class ChatLayout {
  readonly narrow = toSignal(inject(BreakpointObserver).observe(NARROW_QUERY).pipe(map((s) => s.matches)), {
    initialValue: typeof matchMedia === 'function' && matchMedia(NARROW_QUERY).matches,
  });
  readonly sidebarOpen = signal(!this.narrow());
  /** Set by the conversation page, so the sidebar can highlight whom we are talking to. */
  readonly activeConversationId = signal<string | null>(null);

  constructor() {
    // Crossing the breakpoint resets to that width's natural state: collapsed on a phone, open on a desktop.
    effect(() => {
      const narrow = this.narrow();
      untracked(() => this.sidebarOpen.set(!narrow));
    });
  }

  toggle(): void {
    this.sidebarOpen.update((open) => !open);
  }

  /** After picking a conversation on a phone, the overlay gets out of the way. */
  closeIfOverlay(): void {
    if (this.narrow()) this.sidebarOpen.set(false);
  }
}
