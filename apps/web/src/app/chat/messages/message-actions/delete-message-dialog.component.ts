import { DIALOG_DATA, DialogRef } from '@angular/cdk/dialog';
import { ChangeDetectionStrategy, Component, inject, Injector } from '@angular/core';
import { firstValueFrom } from 'rxjs';

export interface DeleteMessageData {
  /** The start of the message, so it is clear which one goes. */
  preview: string;
}

@Component({
  selector: 'app-delete-message-dialog',
  template: `
    <div class="dialog" role="alertdialog" aria-labelledby="delete-message-title" aria-describedby="delete-message-text">
      <header class="dialog-head"><h2 id="delete-message-title">Delete message?</h2></header>
      <div class="body">
        <p id="delete-message-text">It will be deleted for everyone in the conversation. This cannot be undone.</p>
        <blockquote class="quoted">{{ data.preview }}</blockquote>
      </div>
      <footer class="foot">
        <button id="delete-message-cancel" type="button" class="btn" (click)="ref.close(false)">Cancel</button>
        <button type="button" class="btn danger" (click)="ref.close(true)">Delete</button>
      </footer>
    </div>
  `,
  styleUrl: '../../people/people-dialog.scss',
  styles: `
    .quoted {
      margin: 0.75rem 0 0;
      padding: 0.5rem 0.75rem;
      border-left: 3px solid var(--border);
      color: var(--text-muted);
      overflow-wrap: anywhere;
      display: -webkit-box;
      -webkit-line-clamp: 3;
      -webkit-box-orient: vertical;
      overflow: hidden;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeleteMessageDialog {
  readonly ref = inject<DialogRef<boolean>>(DialogRef);
  readonly data = inject<DeleteMessageData>(DIALOG_DATA);
}
