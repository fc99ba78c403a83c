import { inject, Injectable, OnDestroy } from '@angular/core';
import { AuthStore } from '../../auth/auth.store';
import { SocketService } from '../connection/socket.service';
import { ChatApi } from './chat-api';
import { ConversationsStore } from './conversations.store';

/** At most one marker a second per conversation: scrolling through a busy log sends one, not one per message. */
export const READ_COALESCE_MS = 1_000;

interface Tracked {
  /** The highest seq seen on screen. */
  wanted: number;
  /** The highest seq sent (or being sent). */
  sent: number;
  lastSentAt: number;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Moves my read marker as messages are seen (the page decides what "seen" means: on screen while the tab is
 * visible and focused). Coalesced per conversation; sent over the socket, or by REST while it is down. The
 * badge clears on the acknowledgement (not before: a marker the server refused must be sent again); the
 * server's `conversation:read` push tells my other tabs.
 */
@Injectable()
export class ReadTracker implements OnDestroy {
  private readonly auth = inject(AuthStore);
  private readonly api = inject(ChatApi);
  private readonly socket = inject(SocketService);
  private readonly conversations = inject(ConversationsStore);
  private readonly tracked = new Map<string, Tracked>();

  seen(conversationId: string, seq: number): void {
    if (seq <= this.conversations.myLastReadSeq(conversationId)) return;
    const entry = this.entry(conversationId);
    if (seq <= entry.wanted) return;
    entry.wanted = seq;
    if (entry.timer) return;
    const wait = entry.lastSentAt + READ_COALESCE_MS - Date.now();
    if (wait <= 0) {
      this.flush(conversationId, entry);
      return;
    }
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.flush(conversationId, entry);
    }, wait);
  }

  ngOnDestroy(): void {
    for (const entry of this.tracked.values()) clearTimeout(entry.timer);
  }

  private entry(conversationId: string): Tracked {
    let entry = this.tracked.get(conversationId);
    if (!entry) {
      entry = { wanted: 0, sent: 0, lastSentAt: -Infinity };
      this.tracked.set(conversationId, entry);
    }
    return entry;
  }

  private flush(conversationId: string, entry: Tracked): void {
    const me = this.auth.user()?.id;
    const seq = entry.wanted;
    if (!me || seq <= entry.sent) return;
    entry.sent = seq;
    entry.lastSentAt = Date.now();
    void this.deliver(conversationId, me, seq, entry);
  }

  private async deliver(conversationId: string, me: string, seq: number, entry: Tracked): Promise<void> {
    try {
      let lastReadSeq: number;
      if (this.socket.connected) {
        const ack = await this.socket.markRead({ conversationId, seq });
        if (!ack.ok) throw new Error(ack.error.message);
        lastReadSeq = ack.lastReadSeq;
      } else {
        lastReadSeq = (await this.api.markRead(conversationId, seq)).lastReadSeq;
      }
      this.conversations.applyRead({ conversationId, userId: me, lastReadSeq });
    } catch {
      // Not stored: the next sighting (a scroll, a new message, focus coming back) sends it again.
      if (entry.sent === seq) entry.sent = entry.wanted = 0;
    }
  }
}
