import { Injectable } from '@nestjs/common';
import type { ReadMarker } from '@parley/contract';
import { DomainError } from '../common/domain-error';
import { query, sql } from '../database/sql/statement';
import { MembershipService } from './membership.service';
import { RealtimePublisher } from './realtime-publisher';
import { ChangeStream, unchanged } from './stream/change-stream';

/**
 * Read markers: the highest seq each member has read. A marker only moves forward; a move is a change
 * on the stream (devices that were away learn it from sync) and is pushed to every member's devices.
 */
@Injectable()
export class ReadStateService {
  constructor(
    private readonly membership: MembershipService,
    private readonly stream: ChangeStream,
    private readonly publisher: RealtimePublisher,
  ) {}

  async markRead(userId: string, conversationId: string, seq: number): Promise<ReadMarker> {
    const membership = this.membership;
    const result = await this.stream.write([conversationId], function* (locked) {
      const conversation = locked.get(conversationId);
      const members = conversation ? (yield* membership.membersUnderLock([conversation])).get(conversationId)! : [];
      if (!conversation || !members.includes(userId)) throw DomainError.notFound('Conversation');
      if (seq > conversation.lastSeq) {
        throw DomainError.validation([{ field: 'seq', message: `is past the conversation's last message (${conversation.lastSeq})` }]);
      }
      const [{ lastReadSeq }] = yield* query<{ lastReadSeq: number }>(
        sql`SELECT "lastReadSeq" FROM "conversation_members" WHERE "conversationId" = ${conversationId} AND "userId" = ${userId}`,
      );
      // An older marker (another tab, a late retry) is accepted and changes nothing.
      if (seq <= lastReadSeq) return unchanged({ lastReadSeq: Number(lastReadSeq), recipients: [] as readonly string[] });
      yield sql`UPDATE "conversation_members" SET "lastReadSeq" = ${seq} WHERE "conversationId" = ${conversationId} AND "userId" = ${userId}`;
      return { positions: 1, touched: [conversationId], *write() { return { lastReadSeq: seq, recipients: members }; } };
    });
    const marker: ReadMarker = { conversationId, userId, lastReadSeq: result.lastReadSeq };
    this.publisher.markerMoved(result.recipients, marker);
    return marker;
  }
}
