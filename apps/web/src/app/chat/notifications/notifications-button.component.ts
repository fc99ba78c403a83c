import { ChangeDetectionStrategy, Component, inject, Injector } from '@angular/core';
import { openNotificationSettings } from '../chat-dialogs';

/** In the sidebar's footer, beside the profile settings: opens the notification settings. */
@Component({
  selector: 'app-notifications-button',
  template: `
    <button type="button" class="btn btn-icon" title="Notification settings" aria-haspopup="dialog" (click)="open()">
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
        <path d="M18 10a6 6 0 0 0-12 0v3.5L4.5 16h15L18 13.5z" /><path d="M10 19a2 2 0 0 0 4 0" />
      </svg>
      <span class="cdk-visually-hidden">Notification settings</span>
    </button>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationsButton {
  private readonly injector = inject(Injector);

  open(): void {
    void openNotificationSettings(this.injector);
  }
}
