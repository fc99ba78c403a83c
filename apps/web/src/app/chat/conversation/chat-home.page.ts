import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AuthStore } from '../../auth/auth.store';
import { ChatLayout } from '../shell/chat-layout.service';
import { SidebarToggle } from '../shell/sidebar-toggle.component';

/** `/chat` with no conversation picked yet. */
@Component({
  selector: 'app-chat-home-page',
  imports: [SidebarToggle],
  templateUrl: './chat-home.page.html',
  styleUrl: './conversation.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChatHomePage {
  readonly user = inject(AuthStore).user;
  readonly layout = inject(ChatLayout);

  constructor() {
    this.layout.activeConversationId.set(null);
  }
}
