import { inject, Injectable, OnDestroy, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Limits, TypingEvent } from '@parley/contract';
import { SocketService } from '../connection/socket.service';

const NO_ONE: readonly string[] = [];

/**
 * Who is typing where, from other members' `typing` events. Each person's state lapses by itself
 * Limits.typingExpiresMs after their last `typing: true` (a lost `false`, a closed tab), and goes at
 * once with their `false`, their message, or our own connection dropping.
 */
@Injectable()
export class TypingStore implements OnDestroy {
  private readonly socket = inject(SocketService);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Conversation id → user ids, in the order they started typing. */
  readonly typing = signal<ReadonlyMap<string, readonly string[]>>(new Map());

  constructor() {
    this.socket.typing$.pipe(takeUntilDestroyed()).subscribe((event) => this.apply(event));
    this.socket.messages$.pipe(takeUntilDestroyed()).subscribe((message) => this.stop(message.conversationId, message.senderId));
    this.socket.connected$.pipe(takeUntilDestroyed()).subscribe(() => this.clear());
  }

  /** Reactive: who is typing in one conversation. */
  in(conversationId: string): readonly string[] {
    return this.typing().get(conversationId) ?? NO_ONE;
  }

  apply({ conversationId, userId, typing }: TypingEvent): void {
    if (!typing) return this.stop(conversationId, userId);
    const key = `${conversationId}\n${userId}`;
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => this.stop(conversationId, userId), Limits.typingExpiresMs));
    const current = this.in(conversationId);
    if (!current.includes(userId)) this.set(conversationId, [...current, userId]);
  }

  stop(conversationId: string, userId: string): void {
    const key = `${conversationId}\n${userId}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const current = this.in(conversationId);
    if (current.includes(userId)) this.set(conversationId, current.filter((id) => id !== userId));
  }

  ngOnDestroy(): void {
    this.clear();
  }

  /** A new socket: what was typed while we were gone is anyone's guess, and the next renewal brings it back. */
  private clear(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    if (this.typing().size > 0) this.typing.set(new Map());
  }

  private set(conversationId: string, userIds: readonly string[]): void {
    const next = new Map(this.typing());
    if (userIds.length === 0) next.delete(conversationId);
    else next.set(conversationId, userIds);
    this.typing.set(next);
  }
}
