import { ChangeDetectionStrategy, Component, inject, Injector } from '@angular/core';
import { AuthStore } from '../../auth/auth.store';
import { openNewChat, openNewGroup } from '../chat-dialogs';
import { ChatLayout } from '../shell/chat-layout.service';
import { PageTitle } from '../shell/page-title.service';
import { SidebarToggle } from '../shell/sidebar-toggle.component';
import { UserMenu } from '../shell/user-menu.component';

/** `/chat` with no conversation picked yet (or after the open one closed: the notice says why). */
@Component({
  selector: 'app-chat-home-page',
  imports: [SidebarToggle, UserMenu],
  templateUrl: './chat-home.page.html',
  styleUrl: './conversation.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChatHomePage {
  private readonly injector = inject(Injector);
  readonly user = inject(AuthStore).user;
  readonly layout = inject(ChatLayout);

  constructor() {
    this.layout.activeConversationId.set(null);
    inject(PageTitle).base.set('Chats · Parley');
  }

  newChat(): void {
    void openNewChat(this.injector);
  }

  newGroup(): void {
    void openNewGroup(this.injector);
  }
}
