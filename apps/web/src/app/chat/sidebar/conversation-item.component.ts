import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Conversation, User } from '@parley/contract';
import { Avatar } from '../../ui/avatar.component';
import { conversationAvatar, conversationName } from '../model/conversation-display';
import { relativeTime } from '../model/relative-time';
import { previewText } from '../model/system-text';

/** One entry of the conversation list: avatar, name, last message, time and unread badge. */
@Component({
  selector: 'app-conversation-item',
  imports: [Avatar, RouterLink],
  templateUrl: './conversation-item.component.html',
  styleUrl: './conversation-item.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationItem {
  readonly conversation = input.required<Conversation>();
  readonly me = input.required<User>();
  /** Everyone known by id, for the names in a system line preview. */
  readonly people = input.required<ReadonlyMap<string, User>>();
  readonly active = input(false);
  readonly now = input.required<Date>();

  readonly name = computed(() => conversationName(this.conversation(), this.me().id));
  readonly avatar = computed(() => conversationAvatar(this.conversation(), this.me().id));
  readonly unread = computed(() => this.conversation().unreadCount);
  /** The unread count is part of the name screen readers announce: "Design team, 3 unread". */
  /** The last message is the entry's description: read after its name, not part of it. */
  readonly previewId = computed(() => `preview-${this.conversation().id}`);
  readonly label = computed(() => (this.unread() > 0 ? `${this.name()}, ${this.unread()} unread` : this.name()));

  readonly preview = computed(() => {
    const conversation = this.conversation();
    const last = conversation.lastMessage;
    if (!last) return conversation.kind === 'group' ? `${conversation.members.length} members` : 'No messages yet';
    const me = this.me();
    const nameOf = (id: string) => this.people().get(id)?.displayName ?? 'Someone';
    const text = previewText(last, nameOf, me.id);
    const sender = conversation.kind === 'group' && last.kind === 'text' && last.senderId !== me.id ? nameOf(last.senderId) : null;
    return sender ? `${sender}: ${text}` : text;
  });

  readonly time = computed(() => {
    const last = this.conversation().lastMessage;
    return relativeTime(new Date(last?.createdAt ?? this.conversation().updatedAt), this.now());
  });
}
