import { Injectable } from '@nestjs/common';
import type { Conversation } from '@parley/contract';
import { DomainError } from '../common/domain-error';
import { query, sql } from '../database/sql/statement';
import { forViewer } from './chat.mappers';
import { ConversationPresenter } from './conversation-presenter';
import { MembershipService } from './membership.service';
import { RealtimePublisher } from './realtime-publisher';
import { ChangeStream, unchanged } from './stream/change-stream';

/**
 * Muting is one member's own setting, kept on their membership row. It is a change on the stream
 * (a device of theirs that was away sees the conversation again on its next sync, with the new
 * `muted`) and is pushed to their own devices only: nobody else learns of it.
 */
@Injectable()
export class ConversationMuteService {
  constructor(
    private readonly membership: MembershipService,
    private readonly stream: ChangeStream,
    private readonly presenter: ConversationPresenter,
    private readonly publisher: RealtimePublisher,
  ) {}

  async setMuted(userId: string, conversationId: string, muted: boolean): Promise<Conversation> {
    const membership = this.membership;
    const changed = await this.stream.write([conversationId], function* (locked) {
      const conversation = locked.get(conversationId);
      const members = conversation ? (yield* membership.membersUnderLock([conversation])).get(conversationId)! : [];
      if (!conversation || !members.includes(userId)) throw DomainError.notFound('Conversation');
      const [row] = yield* query<{ muted: unknown }>(
        sql`SELECT "muted" FROM "conversation_members" WHERE "conversationId" = ${conversationId} AND "userId" = ${userId}`,
      );
      // SQLite answers 0/1, PostgreSQL a boolean.
      if (Boolean(Number(row.muted)) === muted) return unchanged(false);
      yield sql`UPDATE "conversation_members" SET "muted" = ${muted} WHERE "conversationId" = ${conversationId} AND "userId" = ${userId}`;
      return { positions: 1, touched: [conversationId], *write() { return true; } };
    });
    const shared = await this.presenter.shared(conversationId);
    if (changed) this.publisher.conversationUpdated([userId], shared);
    return forViewer(shared, userId);
  }
}
