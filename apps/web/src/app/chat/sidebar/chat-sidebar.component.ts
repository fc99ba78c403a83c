import { ChangeDetectionStrategy, Component, computed, inject, Injector } from '@angular/core';
import { Router } from '@angular/router';
import { AuthStore } from '../../auth/auth.store';
import { Avatar } from '../../ui/avatar.component';
import { BrandMark } from '../../ui/brand-mark.component';
import { ConversationsStore } from '../data/conversations.store';
import { minuteClock } from '../model/relative-time';
import { openNewChat, openNewGroup } from '../chat-dialogs';
import { ChatLayout } from '../shell/chat-layout.service';
import { ConversationItem } from './conversation-item.component';
import { SearchLauncher } from '../search/search-launcher.component';
import { ProfileButton } from '../../settings/profile-button.component';

/** The conversations, most recently active first, with the "New chat" and "New group" pickers one click away. */
@Component({
  selector: 'app-chat-sidebar',
  imports: [Avatar, BrandMark, ConversationItem, SearchLauncher, ProfileButton],
  templateUrl: './chat-sidebar.component.html',
  styleUrl: './chat-sidebar.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChatSidebar {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  readonly layout = inject(ChatLayout);
  readonly conversations = inject(ConversationsStore);
  readonly me = this.auth.user;
  readonly now = minuteClock();
  readonly empty = computed(() => this.conversations.items().length === 0);

  newChat(): void {
    void openNewChat(this.injector);
  }

  newGroup(): void {
    void openNewGroup(this.injector);
  }

  async logout(): Promise<void> {
    await this.auth.logout();
    await this.router.navigate(['/login']);
  }
}
