import { CdkMenu, CdkMenuItem, CdkMenuTrigger } from '@angular/cdk/menu';
import { ChangeDetectionStrategy, Component, computed, inject, Injector, input, signal } from '@angular/core';
import { Conversation, User } from '@parley/contract';
import { toClientError } from '../../core/api-error';
import { Avatar } from '../../ui/avatar.component';
import { openMembers, openRename } from '../chat-dialogs';
import { ConversationsStore } from '../data/conversations.store';
import { ConversationContext } from '../messages/message-actions/conversation-context';
import { conversationAvatar, conversationName, otherMember } from '../model/conversation-display';
import { PresenceDot } from '../presence/presence-dot.component';
import { presenceHeadline } from '../presence/presence-text';
import { PresenceStore } from '../presence/presence.store';
import { SidebarToggle } from '../shell/sidebar-toggle.component';
import { UserMenu } from '../shell/user-menu.component';

/** Who the conversation is with (and whether they are here); for a group its title, member count, rename and members; Mute for both. */
@Component({
  selector: 'app-conversation-header',
  imports: [Avatar, CdkMenu, CdkMenuItem, CdkMenuTrigger, PresenceDot, SidebarToggle, UserMenu],
  templateUrl: './conversation-header.component.html',
  styleUrl: './conversation-header.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationHeader {
  private readonly injector = inject(Injector);
  private readonly conversations = inject(ConversationsStore);
  private readonly presence = inject(PresenceStore);
  private readonly context = inject(ConversationContext, { optional: true });
  readonly conversation = input<Conversation | null>(null);
  readonly me = input<User | null>(null);
  /** Shown while the conversation cannot be loaded. */
  readonly fallback = input<string | null>(null);
  readonly muting = signal(false);

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
  /** "Active now", "Away", "Last seen 5 minutes ago": kept current by the store's minute clock. */
  readonly headline = computed(() => {
    const other = this.other();
    return other ? presenceHeadline(this.presence.stateOf(other.id, other), this.presence.now()) : null;
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

  async toggleMute(): Promise<void> {
    const conversation = this.conversation();
    if (!conversation || this.muting()) return;
    this.muting.set(true);
    try {
      await this.conversations.setMuted(conversation.id, !conversation.muted);
    } catch (error) {
      this.context?.error.set(`Couldn't ${conversation.muted ? 'unmute' : 'mute'} the conversation: ${toClientError(error).message}`);
    } finally {
      this.muting.set(false);
    }
  }
}
