import { inject, Injectable, signal } from '@angular/core';
import { MessagesStore } from '../../data/messages.store';
import { MessageRow } from '../../model/timeline';

/** A message to bring into view and flash; `n` changes on every request, so asking twice flashes twice. */
export interface Highlight {
  seq: number;
  n: number;
}

/**
 * What the open conversation is doing with its messages: the reply or edit being composed, and the
 * message to bring into view. Provided by the conversation page, so the message components and the
 * composer share it without threading it through the list.
 */
@Injectable()
export class ConversationContext {
  private readonly messages = inject(MessagesStore);
  private count = 0;

  readonly conversationId = signal('');
  readonly replyingTo = signal<MessageRow | null>(null);
  readonly editing = signal<MessageRow | null>(null);
  readonly highlight = signal<Highlight | null>(null);
  /** The last action that failed ("Couldn't delete: …"), shown above the composer until the next one. */
  readonly error = signal<string | null>(null);
  /** Bumped to ask the composer for focus (after choosing Reply or Edit). */
  readonly focusComposer = signal(0);

  reply(row: MessageRow): void {
    this.editing.set(null);
    this.replyingTo.set(row);
    this.focusComposer.update((n) => n + 1);
  }

  edit(row: MessageRow): void {
    this.replyingTo.set(null);
    this.editing.set(row);
    this.focusComposer.update((n) => n + 1);
  }

  cancel(): void {
    this.replyingTo.set(null);
    this.editing.set(null);
  }

  /** Shows a message (loading the history around it when it is not held) and highlights it. */
  async jumpTo(seq: number): Promise<void> {
    const conversationId = this.conversationId();
    await this.messages.openAt(conversationId, seq);
    if (conversationId === this.conversationId()) this.highlight.set({ seq, n: ++this.count });
  }

  /** Another conversation opened: nothing composed here carries over. */
  reset(conversationId: string): void {
    this.conversationId.set(conversationId);
    this.cancel();
    this.highlight.set(null);
    this.error.set(null);
  }
}
