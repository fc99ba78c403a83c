import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { ConversationMemberEntity } from './conversation-member.entity';

const MAX_CACHED = 50_000;

/**
 * Who belongs to a conversation, cached so that sending a message costs no membership query.
 * Direct conversations never change members; group membership changes must call `forget()`.
 */
@Injectable()
export class MembershipService {
  private readonly cache = new Map<string, readonly string[]>();

  constructor(@InjectRepository(ConversationMemberEntity) private readonly members: Repository<ConversationMemberEntity>) {}

  async memberIds(conversationId: string): Promise<readonly string[]> {
    const cached = this.cache.get(conversationId);
    if (cached) {
      // Re-insert so the Map's order is least recently used first.
      this.cache.delete(conversationId);
      this.cache.set(conversationId, cached);
      return cached;
    }
    const rows = await this.members.find({ where: { conversationId }, select: { userId: true } });
    const ids = rows.map((row) => row.userId);
    if (ids.length) this.remember(conversationId, ids);
    return ids;
  }

  /** The members, if `userId` is one of them; otherwise NOT_FOUND, so nobody learns what exists. */
  async requireMember(conversationId: string, userId: string): Promise<readonly string[]> {
    const ids = await this.memberIds(conversationId);
    if (!ids.includes(userId)) throw DomainError.notFound('Conversation');
    return ids;
  }

  forget(conversationId: string): void {
    this.cache.delete(conversationId);
  }

  private remember(conversationId: string, ids: string[]): void {
    if (this.cache.size >= MAX_CACHED) {
      // Evict the least recently used entry (the first in the Map's order).
      this.cache.delete(this.cache.keys().next().value as string);
    }
    this.cache.set(conversationId, ids);
  }
}
