import { DialogRef } from '@angular/cdk/dialog';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { BROWSER_NOTIFICATIONS, NOTIFICATION_SOUND, NotificationAccess } from './browser-notifications';
import { NotificationPrefsStore } from './notification-prefs.store';

const PROBLEMS: Record<Exclude<NotificationAccess, 'granted'>, string> = {
  denied: 'Your browser blocks notifications from Parley. Allow them in the site settings (beside the address bar), then turn this on again.',
  default: 'Notifications were not allowed. Turn this on again to be asked once more.',
  unsupported: 'This browser can’t show notifications.',
};

/** Desktop notifications (asking the browser only when turned on) and the sound; kept per user on this device. */
@Component({
  selector: 'app-notification-settings-dialog',
  templateUrl: './notification-settings-dialog.component.html',
  styleUrls: ['../people/people-dialog.scss', './notification-settings-dialog.component.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationSettingsDialog {
  private readonly store = inject(NotificationPrefsStore);
  private readonly browser = inject(BROWSER_NOTIFICATIONS);
  private readonly sound = inject(NOTIFICATION_SOUND);
  private readonly dialogRef = inject(DialogRef, { optional: true });
  readonly prefs = this.store.prefs;
  readonly access = signal(this.browser.permission());
  readonly asking = signal(false);
  /** Why desktop notifications are off although asked for; set when the browser says no. */
  readonly refused = signal<NotificationAccess | null>(null);

  readonly desktopOn = computed(() => this.prefs().desktop && this.access() === 'granted');
  readonly problem = computed(() => {
    const access = this.refused() ?? (this.prefs().desktop && this.access() !== 'granted' ? this.access() : null);
    return access && access !== 'granted' ? PROBLEMS[access] : null;
  });
  readonly unsupported = this.access() === 'unsupported';

  async setDesktop(on: boolean, input: HTMLInputElement): Promise<void> {
    this.refused.set(null);
    if (!on) return this.store.update({ desktop: false });
    let access = this.browser.permission();
    if (access === 'default') {
      this.asking.set(true);
      access = await this.browser.request().finally(() => this.asking.set(false));
    }
    this.access.set(access);
    this.store.update({ desktop: access === 'granted' });
    if (access !== 'granted') this.refused.set(access);
    // The box follows the outcome, not the click (a refusal leaves it off).
    input.checked = this.desktopOn();
  }

  setSound(on: boolean): void {
    this.store.update({ sound: on });
    // A preview, and the click that lets the browser play later ones.
    if (on) this.sound();
  }

  close(): void {
    this.dialogRef?.close();
  }
}
