import { DOCUMENT } from '@angular/common';
import { DestroyRef, inject, Injectable, signal } from '@angular/core';

/** Whether someone is looking: the tab is visible and the window has focus. Read marking waits for it. */
@Injectable({ providedIn: 'root' })
export class PageAttention {
  private readonly document = inject(DOCUMENT);
  readonly attentive = signal(this.read());

  constructor() {
    const update = () => this.attentive.set(this.read());
    const view = this.document.defaultView;
    this.document.addEventListener('visibilitychange', update);
    view?.addEventListener('focus', update);
    view?.addEventListener('blur', update);
    inject(DestroyRef).onDestroy(() => {
      this.document.removeEventListener('visibilitychange', update);
      view?.removeEventListener('focus', update);
      view?.removeEventListener('blur', update);
    });
  }

  private read(): boolean {
    return this.document.visibilityState === 'visible' && this.document.hasFocus();
  }
}
