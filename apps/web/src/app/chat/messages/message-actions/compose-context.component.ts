import { ChangeDetectionStrategy, Component, computed, inject, output } from '@angular/core';
import { ConversationContext } from './conversation-context';

/** Above the composer while replying or editing: what, and a button (or Escape) to stop. */
@Component({
  selector: 'app-compose-context',
  template: `
    @if (context.error(); as message) {
      <div class="alert" role="alert">
        <span>{{ message }}</span>
        <button type="button" class="btn btn-ghost dismiss" (click)="context.error.set(null)">Dismiss</button>
      </div>
    }
    @if (state(); as s) {
      <div class="context" role="status">
        <span class="text">
          <span class="what">{{ s.what }}</span>
          <span class="quoted">{{ s.quoted }}</span>
        </span>
        <button type="button" class="btn btn-icon cancel" [attr.aria-label]="s.cancel" [title]="s.cancel + ' (Esc)'" (click)="cancelled.emit()">
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><path d="M6 6l12 12M18 6 6 18" /></svg>
        </button>
      </div>
    }
  `,
  styles: `
    .context {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin: 0 0 0.4rem;
      padding: 0.35rem 0.35rem 0.35rem 0.75rem;
      border-left: 3px solid var(--primary);
      border-radius: var(--radius-sm);
      background: var(--surface-2);
      font-size: 0.85rem;
    }
    .text {
      display: flex;
      flex-direction: column;
      flex: 1;
      min-width: 0;
    }
    .what {
      font-weight: 600;
    }
    .quoted {
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
      color: var(--text-muted);
    }
    .cancel {
      width: 32px;
      min-height: 32px;
      svg {
        width: 18px;
        height: 18px;
      }
    }
    .alert {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
      margin-bottom: 0.4rem;
    }
    .dismiss {
      min-height: 30px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ComposeContext {
  readonly context = inject(ConversationContext);
  readonly cancelled = output<void>();
  readonly state = computed(() => {
    const editing = this.context.editing();
    if (editing) return { what: 'Editing message', quoted: editing.body.split('\n', 1)[0], cancel: 'Cancel editing' };
    const replying = this.context.replyingTo();
    if (replying) return { what: `Replying to ${replying.mine ? 'yourself' : replying.senderName}`, quoted: replying.body.split('\n', 1)[0], cancel: 'Cancel reply' };
    return null;
  });
}
