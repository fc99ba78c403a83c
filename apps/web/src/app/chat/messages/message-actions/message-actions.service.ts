import { inject, Injectable } from '@angular/core';
import { ChatApi } from '../../data/chat-api';
import { MessagesStore } from '../../data/messages.store';
import { reactionToggle } from './message-actions';

/**
 * Edits, deletions and reactions, over REST. Each answer (and the server's `message:updated`, which
 * every device gets) is merged like any other copy of the message: the higher version wins, so the
 * order they arrive in does not matter. One per chat session (see chatSessionProviders).
 */
@Injectable()
export class MessageActions {
  private readonly api = inject(ChatApi);
  private readonly messages = inject(MessagesStore);

  async edit(conversationId: string, messageId: string, body: string): Promise<void> {
    this.messages.ingest(await this.api.editMessage(conversationId, messageId, body));
  }

  /** The tombstone arrives as `message:updated` (the DELETE answers 204). */
  async delete(conversationId: string, messageId: string): Promise<void> {
    await this.api.deleteMessage(conversationId, messageId);
  }

  /** Adds my reaction, or takes it back when I already reacted with that emoji. */
  async toggleReaction(conversationId: string, messageId: string, reactions: readonly { emoji: string; mine: boolean }[], emoji: string): Promise<void> {
    const change = reactionToggle(reactions, emoji);
    const message = change === 'add' ? await this.api.addReaction(conversationId, messageId, emoji) : await this.api.removeReaction(conversationId, messageId, emoji);
    this.messages.ingest(message);
  }
}
