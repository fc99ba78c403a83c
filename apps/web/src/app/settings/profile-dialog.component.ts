import { DialogRef } from '@angular/cdk/dialog';
import { ChangeDetectionStrategy, Component, computed, inject, Injector, signal } from '@angular/core';
import { Limits } from '@parley/contract';
import { AuthStore } from '../auth/auth.store';
import { toClientError } from '../core/api-error';
import { ChatApi } from '../chat/data/chat-api';
import { ConversationsStore } from '../chat/data/conversations.store';

type Outcome = { ok: true; text: string } | { ok: false; text: string } | null;

/** Profile settings: the display name others see (live, everywhere), and the password. */
@Component({
  selector: 'app-profile-dialog',
  templateUrl: './profile-dialog.component.html',
  styleUrls: ['../chat/people/people-dialog.scss', './profile-dialog.component.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProfileDialog {
  private readonly auth = inject(AuthStore);
  private readonly api = inject(ChatApi);
  private readonly conversations = inject(ConversationsStore);
  private readonly dialogRef = inject(DialogRef);
  readonly user = this.auth.user;
  readonly nameMax = Limits.displayNameMax;
  readonly passwordMin = Limits.passwordMin;

  readonly name = signal(this.user()?.displayName ?? '');
  readonly savingName = signal(false);
  readonly nameOutcome = signal<Outcome>(null);
  readonly nameChanged = computed(() => {
    const name = this.name().trim();
    return name.length > 0 && name !== this.user()?.displayName;
  });

  readonly current = signal('');
  readonly next = signal('');
  readonly confirm = signal('');
  readonly savingPassword = signal(false);
  readonly passwordOutcome = signal<Outcome>(null);
  readonly passwordProblem = computed(() => {
    if (!this.current() || !this.next()) return null;
    if (this.next().length < this.passwordMin) return `At least ${this.passwordMin} characters.`;
    if (this.confirm() && this.confirm() !== this.next()) return 'The two new passwords differ.';
    return null;
  });
  readonly canChangePassword = computed(() => !!this.current() && !!this.next() && this.confirm() === this.next() && !this.passwordProblem());

  async saveName(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.nameChanged() || this.savingName()) return;
    this.savingName.set(true);
    this.nameOutcome.set(null);
    try {
      const user = await this.api.updateProfile(this.name().trim());
      this.conversations.applyUser(user);
      this.name.set(user.displayName);
      this.nameOutcome.set({ ok: true, text: 'Saved. Everyone sees your new name.' });
    } catch (error) {
      this.nameOutcome.set({ ok: false, text: fieldMessage(error, 'displayName') });
    } finally {
      this.savingName.set(false);
    }
  }

  async changePassword(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.canChangePassword() || this.savingPassword()) return;
    this.savingPassword.set(true);
    this.passwordOutcome.set(null);
    try {
      await this.auth.changePassword({ currentPassword: this.current(), newPassword: this.next() });
      this.current.set('');
      this.next.set('');
      this.confirm.set('');
      this.passwordOutcome.set({ ok: true, text: 'Password changed. Your other devices were logged out.' });
    } catch (error) {
      const failure = toClientError(error);
      this.passwordOutcome.set({ ok: false, text: failure.status === 401 ? 'The current password is wrong.' : fieldMessage(error, 'newPassword') });
    } finally {
      this.savingPassword.set(false);
    }
  }

  close(): void {
    this.dialogRef.close();
  }
}

function fieldMessage(error: unknown, field: string): string {
  const failure = toClientError(error);
  return failure.details.find((d) => d.field === field)?.message ?? failure.message;
}
