import { DIALOG_DATA, DialogRef } from '@angular/cdk/dialog';
import { ChangeDetectionStrategy, Component, inject, Injector, signal } from '@angular/core';
import { Limits } from '@parley/contract';
import { toClientError } from '../../core/api-error';
import { GroupActions } from '../data/group-actions.service';

export interface RenameDialogData {
  conversationId: string;
  title: string;
}

/** Any member may rename a group. */
@Component({
  selector: 'app-rename-dialog',
  templateUrl: './rename-dialog.component.html',
  styleUrl: '../people/people-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RenameDialog {
  private readonly groups = inject(GroupActions);
  private readonly dialogRef = inject(DialogRef);
  private readonly data = inject<RenameDialogData>(DIALOG_DATA);
  readonly titleMax = Limits.groupTitleMax;
  readonly title = signal(this.data.title);
  readonly saving = signal(false);
  readonly error = signal<string | null>(null);

  async save(event: Event): Promise<void> {
    event.preventDefault();
    const title = this.title().trim();
    if (!title || this.saving()) return;
    if (title === this.data.title) return this.close();
    this.saving.set(true);
    this.error.set(null);
    try {
      await this.groups.rename(this.data.conversationId, title);
      this.close();
    } catch (error) {
      this.error.set(toClientError(error).message);
    } finally {
      this.saving.set(false);
    }
  }

  close(): void {
    this.dialogRef.close();
  }
}
