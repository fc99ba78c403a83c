import { BreakpointObserver } from '@angular/cdk/layout';
import { DOCUMENT } from '@angular/common';
import { afterNextRender, computed, effect, inject, Injectable, Injector, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

export const NARROW_QUERY = '(max-width: 767.98px)';

/** Sidebar state for the chat shell: open beside the conversation on wide screens, an overlay on narrow ones. */
@Injectable()
export class ChatLayout {
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private focusToggle: (() => void) | null = null;

  readonly narrow = toSignal(inject(BreakpointObserver).observe(NARROW_QUERY).pipe(map((s) => s.matches)), {
    initialValue: typeof matchMedia === 'function' && matchMedia(NARROW_QUERY).matches,
  });
  readonly sidebarOpen = signal(!this.narrow());
  /** On a phone the open list is a modal dialog over the conversation; on a desktop it is just a nav beside it. */
  readonly overlayOpen = computed(() => this.narrow() && this.sidebarOpen());
  /** Set by the conversation page, so the sidebar can highlight whom we are talking to. */
  readonly activeConversationId = signal<string | null>(null);
  /** A short message for the home page, e.g. why the conversation that was open has closed. */
  readonly notice = signal<string | null>(null);

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

  /** The header of whichever page is showing registers its toggle, so the closing overlay can hand focus back to it. */
  registerToggle(focus: () => void): () => void {
    this.focusToggle = focus;
    return () => {
      if (this.focusToggle === focus) this.focusToggle = null;
    };
  }

  /** Escape, a backdrop click or picking a conversation on a phone: the overlay gets out of the way. */
  closeIfOverlay(): void {
    if (!this.overlayOpen()) return;
    this.sidebarOpen.set(false);
    // Focus left inside the hidden list would drop to <body>, so keyboard users go back to where they opened it.
    // After the next render: picking someone swaps the page, and with it the toggle. Focus already moved elsewhere
    // (the new conversation's composer) stays there.
    afterNextRender({ write: () => this.returnFocusToToggle() }, { injector: this.injector });
  }

  private returnFocusToToggle(): void {
    const active = this.document.activeElement;
    const lost = !active || active === this.document.body || !!active.closest('#conversation-list');
    if (lost) this.focusToggle?.();
  }
}
