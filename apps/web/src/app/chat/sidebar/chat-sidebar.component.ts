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
import { NotificationsButton } from '../notifications/notifications-button.component';
import { otherMember } from '../model/conversation-display';
import { PresencePriority, watchPresence } from '../presence/presence.store';
import { AwayDetector } from '../presence/away-detector.service';
import { PresenceDot } from '../presence/presence-dot.component';
import { SocketService } from '../connection/socket.service';
import { TypingStore } from '../typing/typing.store';
import { typingText } from '../typing/typing-text';
import { SearchLauncher } from '../search/search-launcher.component';
import { ProfileButton } from '../../settings/profile-button.component';

/** The conversations, most recently active first, with the "New chat" and "New group" pickers one click away. */
@Component({
  selector: 'app-chat-sidebar',
  imports: [Avatar, BrandMark, ConversationItem, SearchLauncher, ProfileButton, NotificationsButton, PresenceDot],
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
  private readonly typingStore = inject(TypingStore);
  private readonly socket = inject(SocketService);
  private readonly away = inject(AwayDetector);
  /** How others see me, as far as this tab knows: connected or not, and active or away. */
  readonly myPresence = computed(() => ({ online: this.socket.state() === 'connected', lastSeenAt: null, status: this.away.status() }));
  /** Per conversation, what replaces its preview while people type: "typing…", or who in a group. */
  readonly typing = computed(() => {
    const people = this.conversations.people();
    const result = new Map<string, string>();
    for (const [conversationId, userIds] of this.typingStore.typing()) {
      const conversation = this.conversations.find(conversationId);
      if (!conversation || userIds.length === 0) continue;
      result.set(conversationId, conversation.kind === 'direct' ? 'typing…' : typingText(userIds.map((id) => people.get(id)?.displayName ?? 'Someone')));
    }
    return result;
  });

  constructor() {
    // The people of my direct conversations, most recently active first: their dots are on the list.
    watchPresence(() => {
      const me = this.me()?.id;
      return this.conversations
        .items()
        .filter((c) => c.kind === 'direct')
        .map((c) => otherMember(c, me)?.id)
        .filter((id): id is string => !!id);
    }, PresencePriority.Sidebar);
  }

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
