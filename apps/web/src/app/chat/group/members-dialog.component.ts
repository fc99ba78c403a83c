import { DIALOG_DATA, DialogRef } from '@angular/cdk/dialog';
import { ChangeDetectionStrategy, Component, computed, effect, inject, Injector, signal } from '@angular/core';
import { User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { toClientError } from '../../core/api-error';
import { Avatar } from '../../ui/avatar.component';
import { ConversationsStore } from '../data/conversations.store';
import { GroupActions } from '../data/group-actions.service';
import { PeoplePicker } from '../people/people-picker.component';
import { PresenceDot } from '../presence/presence-dot.component';

export interface MembersDialogData {
  conversationId: string;
}

/** A group's members: add people (anyone), remove others (its creator only), leave. */
@Component({
  selector: 'app-members-dialog',
  imports: [Avatar, PeoplePicker, PresenceDot],
  templateUrl: './members-dialog.component.html',
  styleUrls: ['../people/people-dialog.scss', './members-dialog.component.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MembersDialog {
  private readonly conversations = inject(ConversationsStore);
  private readonly groups = inject(GroupActions);
  private readonly dialogRef = inject(DialogRef);
  private readonly data = inject<MembersDialogData>(DIALOG_DATA);
  readonly me = inject(AuthStore).user;

  readonly conversation = computed(() => this.conversations.find(this.data.conversationId) ?? null);
  readonly members = computed(() => {
    const me = this.me()?.id;
    const list = [...(this.conversation()?.members ?? [])].sort((a, b) => a.displayName.localeCompare(b.displayName));
    return [...list.filter((m) => m.id === me), ...list.filter((m) => m.id !== me)];
  });
  readonly iCreatedIt = computed(() => !!this.me() && this.conversation()?.createdBy === this.me()?.id);
  readonly memberIds = computed(() => new Set(this.members().map((m) => m.id)));

  readonly adding = signal(false);
  readonly picked = signal<User[]>([]);
  readonly confirmLeave = signal(false);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  constructor() {
    // Gone from the list (I left, or was removed meanwhile): nothing left to show.
    effect(() => {
      if (!this.conversation()) this.dialogRef.close();
    });
  }

  async add(): Promise<void> {
    const ids = this.picked().map((u) => u.id);
    if (ids.length === 0) return;
    await this.run(async () => {
      await this.groups.addMembers(this.data.conversationId, ids);
      this.picked.set([]);
      this.adding.set(false);
    });
  }

  remove(user: User): Promise<void> {
    return this.run(() => this.groups.removeMember(this.data.conversationId, user.id));
  }

  leave(): Promise<void> {
    return this.run(() => this.groups.leave(this.data.conversationId));
  }

  close(): void {
    this.dialogRef.close();
  }

  private async run(action: () => Promise<void>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await action();
    } catch (error) {
      this.error.set(toClientError(error).message);
    } finally {
      this.busy.set(false);
    }
  }
}
