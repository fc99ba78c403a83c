import { inject, Injectable } from '@angular/core';
import { Conversation } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { ChatApi } from './chat-api';
import { ConversationsStore } from './conversations.store';

/**
 * What a member does to a group: create, rename, add, remove (its creator), leave. Each answer goes into
 * the ConversationsStore at once; the server's conversation:updated and system line follow live.
 */
@Injectable()
export class GroupActions {
  private readonly api = inject(ChatApi);
  private readonly auth = inject(AuthStore);
  private readonly conversations = inject(ConversationsStore);

  async create(memberIds: string[], title: string): Promise<Conversation> {
    return this.conversations.upsert(await this.api.createGroup(memberIds, title));
  }

  async rename(id: string, title: string): Promise<Conversation> {
    return this.conversations.upsert(await this.api.renameConversation(id, title));
  }

  async addMembers(id: string, userIds: string[]): Promise<Conversation> {
    return this.conversations.upsert(await this.api.addMembers(id, userIds));
  }

  async removeMember(id: string, userId: string): Promise<void> {
    await this.api.removeMember(id, userId);
    const conversation = this.conversations.find(id);
    if (conversation) this.conversations.upsert({ ...conversation, members: conversation.members.filter((m) => m.id !== userId) });
  }

  /** The server's conversation:updated without me may arrive before the DELETE answers: it still counts as leaving. */
  async leave(id: string): Promise<void> {
    const me = this.auth.user()?.id;
    if (!me) return;
    const done = this.conversations.leaving(id);
    try {
      await this.api.removeMember(id, me);
      this.conversations.remove(id, true);
    } finally {
      done();
    }
  }
}
