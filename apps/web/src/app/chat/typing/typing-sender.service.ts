import { inject, Injectable } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Limits } from '@parley/contract';
import { SocketService } from '../connection/socket.service';

/**
 * My side of typing: `typing: true` on input, renewed at most every Limits.typingRenewMs while I keep
 * typing; `false` when I send, empty the field, or leave the conversation. One conversation at a time.
 * A pause longer than the expiry lets the others' indicator lapse by itself; the next key brings it back.
 */
@Injectable()
export class TypingSender {
  private readonly socket = inject(SocketService);
  private current: { conversationId: string; sentAt: number } | null = null;

  constructor() {
    // A new socket knows nothing of what the old one said: the next key press says it again.
    this.socket.connected$.pipe(takeUntilDestroyed()).subscribe(() => (this.current = null));
  }

  /** The composer's text changed. */
  input(conversationId: string, text: string): void {
    if (text.trim() === '') return this.stop(conversationId);
    const now = Date.now();
    if (this.current?.conversationId === conversationId && now - this.current.sentAt < Limits.typingRenewMs) return;
    if (this.current && this.current.conversationId !== conversationId) this.stop();
    this.current = { conversationId, sentAt: now };
    this.socket.sendTyping({ conversationId, typing: true });
  }

  /** Sent, emptied, or left: `false`, if I had said `true` there (any conversation when none is named). */
  stop(conversationId?: string): void {
    const current = this.current;
    if (!current || (conversationId !== undefined && current.conversationId !== conversationId)) return;
    this.current = null;
    this.socket.sendTyping({ conversationId: current.conversationId, typing: false });
  }
}
