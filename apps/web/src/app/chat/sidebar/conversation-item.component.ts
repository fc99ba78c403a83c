import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Conversation, User } from '@parley/contract';
import { Avatar } from '../../ui/avatar.component';
import { conversationAvatar, conversationName, otherMember } from '../model/conversation-display';
import { relativeTime } from '../model/relative-time';
import { previewText } from '../model/system-text';
import { PresenceDot } from '../presence/presence-dot.component';
import { presenceLabel } from '../presence/presence-text';
import { PresenceStore } from '../presence/presence.store';

/** One entry of the conversation list: avatar, name, last message, time and unread badge. */
@Component({
  selector: 'app-conversation-item',
  imports: [Avatar, PresenceDot, RouterLink],
  templateUrl: './conversation-item.component.html',
  styleUrl: './conversation-item.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationItem {
  private readonly presence = inject(PresenceStore);
  readonly conversation = input.required<Conversation>();
  readonly me = input.required<User>();
  /** Everyone known by id, for the names in a system line preview. */
  readonly people = input.required<ReadonlyMap<string, User>>();
  readonly active = input(false);
  readonly now = input.required<Date>();
  /** v2: "typing…" (or "Alice is typing…" in a group) in place of the preview while someone types. */
  readonly typing = input<string | null>(null);

  readonly name = computed(() => conversationName(this.conversation(), this.me().id));
  readonly avatar = computed(() => conversationAvatar(this.conversation(), this.me().id));
  readonly unread = computed(() => this.conversation().unreadCount);
  readonly muted = computed(() => this.conversation().muted);
  /** The other person of a direct conversation, whose presence dot the avatar wears. */
  readonly partner = computed(() => (this.conversation().kind === 'direct' ? otherMember(this.conversation(), this.me().id) : null));
  /**
   * The unread count is part of the name screen readers announce: "Design team, 3 unread". Presence,
   * "Muted" and the last message are its description: read after the name, not part of it.
   */
  readonly previewId = computed(() => `preview-${this.conversation().id}`);
  readonly statusId = computed(() => `status-${this.conversation().id}`);
  readonly status = computed(() => {
    const partner = this.partner();
    const parts = partner ? [presenceLabel(this.presence.stateOf(partner.id, partner), this.presence.now())] : [];
    if (this.muted()) parts.push('Muted');
    return parts.join('. ');
  });
  readonly describedBy = computed(() => (this.status() ? `${this.statusId()} ${this.previewId()}` : this.previewId()));

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
