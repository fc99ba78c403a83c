import { ChangeDetectionStrategy, Component, computed, inject, Injector, input } from '@angular/core';
import { Conversation, User } from '@parley/contract';
import { Avatar } from '../../ui/avatar.component';
import { openMembers, openRename } from '../chat-dialogs';
import { conversationAvatar, conversationName, otherMember } from '../model/conversation-display';
import { SidebarToggle } from '../shell/sidebar-toggle.component';
import { UserMenu } from '../shell/user-menu.component';

/** Who the conversation is with; for a group its title, member count, and the rename and members actions. */
@Component({
  selector: 'app-conversation-header',
  imports: [Avatar, SidebarToggle, UserMenu],
  templateUrl: './conversation-header.component.html',
  styleUrl: './conversation-header.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationHeader {
  private readonly injector = inject(Injector);
  readonly conversation = input<Conversation | null>(null);
  readonly me = input<User | null>(null);
  /** Shown while the conversation cannot be loaded. */
  readonly fallback = input<string | null>(null);

  readonly name = computed(() => {
    const conversation = this.conversation();
    return conversation ? conversationName(conversation, this.me()?.id) : null;
  });
  readonly avatar = computed(() => {
    const conversation = this.conversation();
    return conversation ? conversationAvatar(conversation, this.me()?.id) : null;
  });
  readonly other = computed(() => {
    const conversation = this.conversation();
    return conversation?.kind === 'direct' ? otherMember(conversation, this.me()?.id) : null;
  });
  readonly memberCount = computed(() => {
    const count = this.conversation()?.members.length ?? 0;
    return `${count} ${count === 1 ? 'member' : 'members'}`;
  });

  openMembers(): void {
    const conversation = this.conversation();
    if (conversation) void openMembers(this.injector, conversation.id);
  }

  rename(): void {
    const conversation = this.conversation();
    if (conversation) void openRename(this.injector, { conversationId: conversation.id, title: conversation.title ?? '' });
  }
}
