import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { ReplyQuote } from '../../model/message-extras';

/** The original above a reply: its sender and first line; clicking it shows the original in the history. */
@Component({
  selector: 'app-reply-quote',
  template: `
    <button type="button" class="quote" [class.deleted]="quote().deleted" (click)="jump.emit(quote().seq)"
      [attr.aria-label]="'Show original message from ' + quote().senderName + ': ' + (quote().deleted ? 'deleted' : quote().text)">
      <span class="who" aria-hidden="true">{{ quote().senderName }}</span>
      <span class="text" aria-hidden="true">{{ quote().deleted ? 'This message was deleted' : quote().text }}</span>
    </button>
  `,
  styles: `
    :host {
      display: block;
      max-width: min(75ch, 85%);
      min-width: 0;
    }
    .quote {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      width: 100%;
      margin: 0 0 2px;
      padding: 0.3rem 0.6rem;
      border: 0;
      border-left: 3px solid var(--primary);
      border-radius: 6px;
      background: var(--surface-2);
      color: var(--text-muted);
      font: inherit;
      font-size: 0.82rem;
      text-align: left;
      cursor: pointer;
      &:hover {
        background: var(--surface-hover);
      }
    }
    .who {
      font-weight: 600;
      color: var(--text);
    }
    .text {
      max-width: 100%;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    .deleted .text {
      font-style: italic;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReplyQuoteView {
  readonly quote = input.required<ReplyQuote>();
  readonly jump = output<number>();
}
