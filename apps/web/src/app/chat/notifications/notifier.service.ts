import { DestroyRef, effect, inject, Injectable } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { Message } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { PageAttention } from '../../core/page-attention';
import { SocketService } from '../connection/socket.service';
import { ConversationsStore } from '../data/conversations.store';
import { ChatLayout } from '../shell/chat-layout.service';
import { BROWSER_NOTIFICATIONS, NOTIFICATION_SOUND } from './browser-notifications';
import { NotificationPrefsStore } from './notification-prefs.store';
import { notificationContent, shouldNotify } from './notification-rules';
import { claimNotification, LOOKING_RENEW_MS, lookedAtElsewhere, setLookingAt } from './tab-coordination';

/** Message ids already handled: a message that reaches us twice rings once. */
const SEEN_KEPT = 200;

/**
 * Notifies of messages that arrive live (never those found by sync after a reconnect: that would be a
 * burst of old news) when shouldNotify says so: a browser notification if turned on and allowed, one
 * per conversation (tagged, so a newer one replaces it), and the beep if turned on. Clicking one brings
 * the tab forward on that conversation; opening the conversation takes its notification away. Tabs of
 * one browser agree (tab-coordination): one notification between them, none while another shows it.
 */
@Injectable()
export class Notifier {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly conversations = inject(ConversationsStore);
  private readonly layout = inject(ChatLayout);
  private readonly attention = inject(PageAttention);
  private readonly prefs = inject(NotificationPrefsStore);
  private readonly browser = inject(BROWSER_NOTIFICATIONS);
  private readonly sound = inject(NOTIFICATION_SOUND);
  private readonly seen = new Set<string>();
  private readonly shown = new Map<string, Notification>();
  private readonly tab = Math.random().toString(36).slice(2);

  constructor() {
    inject(SocketService).messages$.pipe(takeUntilDestroyed()).subscribe((message) => void this.onMessage(message));
    effect((onCleanup) => {
      const open = this.layout.activeConversationId();
      const looking = this.attention.attentive() ? open : null;
      setLookingAt(this.tab, looking);
      if (!looking) return;
      this.dismiss(looking);
      const renew = setInterval(() => setLookingAt(this.tab, looking), LOOKING_RENEW_MS);
      onCleanup(() => clearInterval(renew));
    });
    const stopLooking = () => setLookingAt(this.tab, null);
    window.addEventListener('pagehide', stopLooking);
    inject(DestroyRef).onDestroy(() => {
      stopLooking();
      window.removeEventListener('pagehide', stopLooking);
    });
  }

  private async onMessage(message: Message): Promise<void> {
    const me = this.auth.user()?.id;
    if (!me || this.seen.has(message.id)) return;
    this.seen.add(message.id);
    if (this.seen.size > SEEN_KEPT) this.seen.delete(this.seen.values().next().value as string);
    // A first message in a new conversation can come before the conversation does.
    const conversation = this.conversations.find(message.conversationId) ?? (await this.conversations.ensure(message.conversationId).catch(() => undefined));
    const context = {
      me,
      conversation,
      openConversationId: this.layout.activeConversationId(),
      attentive: this.attention.attentive(),
      lookedAtElsewhere: lookedAtElsewhere(this.tab, message.conversationId),
    };
    if (!conversation || !shouldNotify(message, context)) return;
    // Every tab of this browser heard it: the first to claim it rings.
    if (!(await claimNotification(message.id))) return;
    const { desktop, sound } = this.prefs.prefs();
    if (desktop) {
      const people = this.conversations.people();
      const content = notificationContent(message, conversation, (id) => people.get(id)?.displayName ?? 'Someone', me);
      const notification = this.browser.show(content.title, { body: content.body, tag: content.tag }, () => this.open(conversation.id));
      if (notification) this.shown.set(conversation.id, notification);
    }
    if (sound) this.sound();
  }

  private open(conversationId: string): void {
    window.focus();
    void this.router.navigate(['/chat', conversationId]);
  }

  private dismiss(conversationId: string): void {
    this.shown.get(conversationId)?.close();
    this.shown.delete(conversationId);
  }
}
