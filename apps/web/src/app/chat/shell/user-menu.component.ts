import { CdkMenu, CdkMenuItem, CdkMenuTrigger } from '@angular/cdk/menu';
import { ChangeDetectionStrategy, Component, inject, Injector } from '@angular/core';
import { Router } from '@angular/router';
import { openNotificationSettings, openProfile } from '../chat-dialogs';
import { AuthStore } from '../../auth/auth.store';
import { Avatar } from '../../ui/avatar.component';
import { ChatLayout } from './chat-layout.service';

/** On a phone, where the list (and its Log out) is folded away: the account menu in the page's header. */
@Component({
  selector: 'app-user-menu',
  imports: [Avatar, CdkMenu, CdkMenuItem, CdkMenuTrigger],
  templateUrl: './user-menu.component.html',
  styleUrl: './user-menu.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserMenu {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  readonly layout = inject(ChatLayout);
  private readonly injector = inject(Injector);
  readonly me = this.auth.user;

  notifications(): void {
    void openNotificationSettings(this.injector);
  }

  profile(): void {
    void openProfile(this.injector);
  }

  async logout(): Promise<void> {
    await this.auth.logout();
    await this.router.navigate(['/login']);
  }
}
