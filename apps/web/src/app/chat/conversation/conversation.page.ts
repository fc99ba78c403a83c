import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { Title } from '@angular/platform-browser';
import { AuthStore } from '../../auth/auth.store';
import { toClientError } from '../../core/api-error';
import { Avatar } from '../../ui/avatar.component';
import { ConversationsStore } from '../data/conversations.store';
import { MessagesStore } from '../data/messages.store';
import { OutboxStore } from '../data/outbox.store';
import { Composer } from '../messages/composer.component';
import { MessageList } from '../messages/message-list.component';
import { dayClock } from '../model/day-clock';
import { buildTimeline } from '../model/timeline';
import { ChatLayout } from '../shell/chat-layout.service';
import { SidebarToggle } from '../shell/sidebar-toggle.component';

@Component({
  selector: 'app-conversation-page',
  imports: [Avatar, Composer, MessageList, SidebarToggle],
  templateUrl: './conversation.page.html',
  styleUrl: './conversation.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationPage {
  private readonly auth = inject(AuthStore);
  private readonly conversations = inject(ConversationsStore);
  private readonly outbox = inject(OutboxStore);
  private readonly layout = inject(ChatLayout);
  private readonly title = inject(Title);
  private readonly composer = viewChild(Composer);
  private readonly now = dayClock();
  /** The conversation whose composer already took focus: once each, so a later re-render never pulls focus back. */
  private composerFocusedFor: string | null = null;
  readonly messages = inject(MessagesStore);

  /** From the route (`/chat/:conversationId`), bound by the router. */
  readonly conversationId = input.required<string>();

  /** Read through from the store (load() only makes sure it is there), so a title or member change shows at once. */
  readonly conversation = computed(() => this.conversations.find(this.conversationId()) ?? null);
  readonly loadError = signal<string | null>(null);
  readonly timeline = computed(() => this.messages.timelines()[this.conversationId()]);
  readonly other = computed(() => {
    const me = this.auth.user()?.id;
    const conversation = this.conversation();
    return conversation?.members.find((m) => m.id !== me) ?? conversation?.members[0] ?? null;
  });
  readonly heading = computed(() => this.conversation()?.title ?? this.other()?.displayName ?? 'Conversation');
  readonly rows = computed(() => {
    const me = this.auth.user();
    const timeline = this.timeline();
    if (!me || !timeline) return [];
    const pending = this.outbox.all().filter((p) => p.conversationId === this.conversationId());
    return buildTimeline(timeline.messages, pending, me, this.conversation()?.members ?? [], this.now());
  });

  constructor() {
    effect(() => {
      const id = this.conversationId();
      untracked(() => void this.load(id));
    });
    effect(() => this.title.setTitle(`${this.heading()} · Parley`));
    // After render: the composer exists only once the messages are ready, which on a first load is long after load() began.
    afterRenderEffect(() => {
      const id = this.conversationId();
      const composer = this.composer();
      if (!composer || this.timeline()?.status !== 'ready' || this.composerFocusedFor === id) return;
      this.composerFocusedFor = id;
      composer.focus();
    });
  }

  send(body: string): void {
    this.messages.send(this.conversationId(), body);
  }

  private async load(id: string): Promise<void> {
    this.layout.activeConversationId.set(id);
    this.loadError.set(null);
    try {
      await this.conversations.ensure(id);
      if (id !== this.conversationId()) return;
      await this.messages.open(id);
    } catch (error) {
      if (id !== this.conversationId()) return;
      const failure = toClientError(error);
      this.loadError.set(failure.status === 404 || failure.status === 400 ? 'This conversation does not exist, or you are not in it.' : failure.message);
    }
  }

  retryLoad(): void {
    void this.load(this.conversationId());
  }
}
