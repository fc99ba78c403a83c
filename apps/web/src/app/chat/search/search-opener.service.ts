import { inject, Injectable, Injector } from '@angular/core';
import { openSearch } from '../chat-dialogs';

/** Typing somewhere that takes text (a field, the composer) keeps `/` for itself. */
const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * Opens message search, at most once at a time: from the sidebar's button, and from Ctrl/Cmd+K anywhere or `/`
 * when not typing. The shortcut is the chat shell's, not the button's: on a phone the sidebar (and its button)
 * is only built when first opened, and the shortcut must work before that.
 */
@Injectable()
export class SearchOpener {
  private readonly injector = inject(Injector);
  private opened = false;

  onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.isComposing || this.opened) return;
    const chord = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k';
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target);
    if (!chord && !slash) return;
    event.preventDefault();
    this.open();
  }

  open(): void {
    if (this.opened) return;
    this.opened = true;
    openSearch(this.injector).then(
      (ref) => ref.closed.subscribe(() => (this.opened = false)),
      () => (this.opened = false),
    );
  }
}
