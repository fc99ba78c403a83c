import { join, list, query, sql } from '../../database/sql/statement';
import type { MembershipService } from '../membership.service';
import type { SearchIndex } from '../search/search-index';
import { ChangeStream, unchanged } from '../stream/change-stream';
import { insertMessages, messageColumns, messageFromRow, replyTargets } from '../stream/message-rows';
import { assignConsecutive, planBatch, type NewMessage, type ReplyTarget, type WriteOutcome } from './batch-plan';
import type { BatchWriter } from './batch-writer';
import { attachUploads, lockUploads } from '../../uploads/upload-rows';
import type { UploadEntity } from '../../uploads/upload.entity';

/**
 * Writes a batch of sends in one transaction on the change stream, with a fixed number of statements
 * whatever its size: lock the conversations, read their members (cached, checked against the locked
 * version), any repeats and the messages replied to, bump every conversation's seq, move each
 * sender's read marker to their message, then take the batch's stream positions, insert all and add
 * them to the search index (SQLite; PostgreSQL's generated column indexes the insert itself).
 */
export class StreamBatchWriter implements BatchWriter {
  constructor(
    private readonly stream: ChangeStream,
    private readonly membership: MembershipService,
    private readonly index: SearchIndex,
  ) {}

  write(batch: NewMessage[]): Promise<WriteOutcome[]> {
    const { membership, index } = this;
    const replyToIds = [...new Set(batch.flatMap((s) => (s.replyToId ? [s.replyToId] : [])))];
    const uploadIds = [...new Set(batch.flatMap((s) => s.attachmentIds ?? []))];
    const forUpdate = this.stream.forUpdate;
    return this.stream.write(
      batch.map((send) => send.conversationId),
      function* (locked) {
        const members = yield* membership.membersUnderLock([...locked.values()]);
        const stored = (
          yield* query<Record<string, unknown>>(
            sql`SELECT ${messageColumns()} FROM "messages" WHERE "senderId" IN ${list([...new Set(batch.map((s) => s.senderId))])} AND "clientMessageId" IN ${list([...new Set(batch.map((s) => s.clientMessageId))])}`,
          )
        ).map(messageFromRow);
        // Only when some send is a reply: one more statement, still not one per send.
        const targets = replyToIds.length
          ? yield* query<ReplyTarget>(replyTargets(replyToIds))
          : [];
        // Only when some send carries files: the uploads, locked (rows after the conversations, before the counter).
        const uploads = uploadIds.length ? yield* query<UploadEntity>(lockUploads(uploadIds, forUpdate)) : [];
        const now = new Date();
        const { outcomes, drafts, claims } = planBatch(batch, stored, now, members, new Map(targets.map((t) => [t.id, t])), new Map(uploads.map((u) => [u.id, u])));
        if (!drafts.size) return unchanged(outcomes);

        const counts = join([...drafts].map(([id, rows]) => sql`(${id}, CAST(${rows.length} AS INTEGER))`));
        const bumped = yield* query<{ id: string; lastSeq: number }>(
          sql`UPDATE "conversations" SET "lastSeq" = "conversations"."lastSeq" + v.column2, "updatedAt" = ${now}
              FROM (VALUES ${counts}) AS v WHERE "conversations"."id" = v.column1 RETURNING "id", "lastSeq"`,
        );
        if (bumped.length !== drafts.size) throw new Error('A conversation vanished during a write');
        for (const { id, lastSeq } of bumped) assignConsecutive(drafts.get(id)!, 'seq', Number(lastSeq));
        const rows = [...drafts.values()].flat();
        yield moveSendersMarkers(rows);
        return {
          positions: rows.length,
          touched: [...drafts.keys()],
          *write(first) {
            assignConsecutive(rows, 'pos', first + rows.length - 1);
            yield insertMessages(rows);
            // Locked above and checked unattached, so every claim lands; anything else is a bug, not a race.
            if ((yield* attachUploads(claims)) !== claims.length) throw new Error('An upload was attached by another write');
            yield* index.add(rows.map((row) => ({ ...row, searchKey: row.pos })));
            return outcomes;
          },
        };
      },
    );
  }
}

/** Your own message marks the conversation read up to it (never backwards). */
function moveSendersMarkers(rows: readonly { conversationId: string; senderId: string; seq: number }[]) {
  const highest = new Map<string, { conversationId: string; senderId: string; seq: number }>();
  for (const row of rows) highest.set(`${row.conversationId}:${row.senderId}`, row); // rows are in seq order per conversation
  const values = join([...highest.values()].map((r) => sql`(${r.conversationId}, ${r.senderId}, CAST(${r.seq} AS INTEGER))`));
  return sql`UPDATE "conversation_members" SET "lastReadSeq" = v.column3 FROM (VALUES ${values}) AS v
             WHERE "conversation_members"."conversationId" = v.column1 AND "conversation_members"."userId" = v.column2
               AND "conversation_members"."lastReadSeq" < v.column3`;
}
