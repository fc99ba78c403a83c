import { DialogRef } from '@angular/cdk/dialog';
import { ChangeDetectionStrategy, Component, computed, inject, Injector, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Limits, User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { toClientError } from '../../core/api-error';
import { GroupActions } from '../data/group-actions.service';
import { ChatLayout } from '../shell/chat-layout.service';
import { PeoplePicker } from './people-picker.component';

/** At least two others (a group has 3 members with its creator), and a title. */
export const MIN_OTHERS = Limits.groupMembersMin - 1;

@Component({
  selector: 'app-new-group-dialog',
  imports: [PeoplePicker],
  templateUrl: './new-group-dialog.component.html',
  styleUrl: './people-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewGroupDialog {
  private readonly router = inject(Router);
  private readonly groups = inject(GroupActions);
  private readonly layout = inject(ChatLayout);
  private readonly dialogRef = inject(DialogRef, { optional: true });
  readonly me = inject(AuthStore).user;
  readonly titleMax = Limits.groupTitleMax;

  readonly title = signal('');
  readonly members = signal<User[]>([]);
  readonly creating = signal(false);
  readonly error = signal<string | null>(null);
  readonly exclude = computed(() => new Set([this.me()?.id ?? '']));
  readonly missing = computed(() => {
    const more = MIN_OTHERS - this.members().length;
    if (more > 0) return `Pick ${more} more ${more === 1 ? 'person' : 'people'}.`;
    if (!this.title().trim()) return 'Give the group a name.';
    return null;
  });

  async create(event: Event): Promise<void> {
    event.preventDefault();
    if (this.missing() || this.creating()) return;
    this.creating.set(true);
    this.error.set(null);
    try {
      const group = await this.groups.create(
        this.members().map((u) => u.id),
        this.title().trim(),
      );
      this.dialogRef?.close();
      await this.router.navigate(['/chat', group.id]);
      this.layout.closeIfOverlay();
    } catch (error) {
      this.error.set(`Couldn't create the group: ${toClientError(error).message}`);
    } finally {
      this.creating.set(false);
    }
  }

  close(): void {
    this.dialogRef?.close();
  }
}
