import { MessageKind, type SystemEvent } from '@parley/contract';
import { randomUUID } from 'node:crypto';
import { query, sql, type Work } from '../../database/sql/statement';
import type { MessageEntity } from '../message.entity';
import type { LockedConversation } from './change-stream';

/**
 * Inside a change that holds the conversation's lock: takes the next seq for a system line and moves
 * the actor's read marker to it (your own actions are never unread). The caller gives it its stream
 * position and inserts it in the change's write phase.
 */
export function* appendSystemMessage(conversation: LockedConversation, event: SystemEvent, now: Date): Work<MessageEntity> {
  const [{ lastSeq }] = yield* query<{ lastSeq: number }>(
    sql`UPDATE "conversations" SET "lastSeq" = "lastSeq" + 1, "updatedAt" = ${now} WHERE "id" = ${conversation.id} RETURNING "lastSeq"`,
  );
  yield sql`UPDATE "conversation_members" SET "lastReadSeq" = ${lastSeq}
            WHERE "conversationId" = ${conversation.id} AND "userId" = ${event.actorId} AND "leftPos" IS NULL`;
  return systemDraft(conversation.id, event, Number(lastSeq), now);
}

export function systemDraft(conversationId: string, event: SystemEvent, seq: number, now: Date): MessageEntity {
  const id = randomUUID();
  return {
    id,
    conversationId,
    senderId: event.actorId,
    body: '',
    // A colon is outside the clients' clientMessageId pattern, so no send can ever repeat a system line's id.
    clientMessageId: `system:${id}`,
    seq,
    pos: 0,
    createdAt: now,
    kind: MessageKind.System,
    system: event,
    version: 1,
    editedAt: null,
    deletedAt: null,
    replyToId: null,
    searchKey: 0,
  };
}
