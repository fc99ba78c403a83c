import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { SearchOpener } from './search-opener.service';

/** The sidebar's search button; the keyboard shortcuts live with the chat shell (see SearchOpener). */
@Component({
  selector: 'app-search-launcher',
  template: `
    <button type="button" class="btn btn-icon" title="Search messages (Ctrl+K)" aria-keyshortcuts="Control+K Meta+K /" (click)="search.open()">
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
        <circle cx="11" cy="11" r="6.5" /><path d="m16 16 4.5 4.5" />
      </svg>
      <span class="cdk-visually-hidden">Search messages</span>
    </button>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SearchLauncher {
  protected readonly search = inject(SearchOpener);
}
