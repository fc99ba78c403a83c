import { ChangeDetectionStrategy, Component, inject, Injector } from '@angular/core';
import { openSearch } from '../chat-dialogs';

/** Typing somewhere that takes text (a field, the composer) keeps `/` for itself. */
const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** Opens message search: the button, Ctrl/Cmd+K anywhere, or `/` when not typing. */
@Component({
  selector: 'app-search-launcher',
  template: `
    <button type="button" class="btn btn-icon" title="Search messages (Ctrl+K)" aria-keyshortcuts="Control+K Meta+K /" (click)="open()">
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
        <circle cx="11" cy="11" r="6.5" /><path d="m16 16 4.5 4.5" />
      </svg>
      <span class="cdk-visually-hidden">Search messages</span>
    </button>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'onKeydown($event)' },
})
export class SearchLauncher {
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
