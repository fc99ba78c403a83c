import type { DataSource } from 'typeorm';
import type { MessageEntity } from '../message.entity';
import { assignConsecutive, planBatch, type NewMessage, type WriteOutcome } from './batch-plan';

/**
 * Writes a batch in one PostgreSQL transaction with a fixed number of statements, whatever its size:
 * lock the conversations (in id order, so concurrent processes cannot deadlock), look up repeats
 * (after the lock, so a repeat committed by another process is seen), bump every conversation's seq
 * and the stream position, insert all.
 */
export class PostgresBatchWriter {
  constructor(private readonly dataSource: DataSource) {}

  async write(batch: NewMessage[]): Promise<WriteOutcome[]> {
    return this.dataSource.transaction(async (manager) => {
      const conversationIds = [...new Set(batch.map((m) => m.conversationId))].sort();
      await manager.query('SELECT "id" FROM "conversations" WHERE "id" = ANY($1::varchar[]) ORDER BY "id" FOR UPDATE', [
        conversationIds,
      ]);
      const stored: MessageEntity[] = await manager.query(
        'SELECT * FROM "messages" WHERE "senderId" = ANY($1::varchar[]) AND "clientMessageId" = ANY($2::varchar[])',
        [[...new Set(batch.map((m) => m.senderId))], [...new Set(batch.map((m) => m.clientMessageId))]],
      );
      const now = new Date();
      const { outcomes, drafts } = planBatch(batch, stored, now);
      if (!drafts.size) return outcomes;
      const counts = [...drafts].map(([id, list]) => [id, list.length] as const);
      const bumped = returnedRows<{ id: string; lastSeq: number }>(await manager.query(
        `UPDATE "conversations" c SET "lastSeq" = c."lastSeq" + v.n, "updatedAt" = $3
         FROM (SELECT unnest($1::varchar[]) AS id, unnest($2::int[]) AS n) v
         WHERE c."id" = v.id RETURNING c."id", c."lastSeq"`,
        [counts.map(([id]) => id), counts.map(([, n]) => n), now],
      ));
      for (const { id, lastSeq } of bumped) assignConsecutive(drafts.get(id)!, 'seq', lastSeq);
      if (bumped.length !== drafts.size) throw new Error('A conversation vanished during a write');
      const rows = [...drafts.values()].flat();
      // Taken last, after the conversation locks: held until commit, so positions follow commit order.
      const [{ value }] = returnedRows<{ value: string }>(
        await manager.query('UPDATE "stream_counter" SET "value" = "value" + $1 WHERE "id" = 1 RETURNING "value"', [rows.length]),
      );
      assignConsecutive(rows, 'pos', Number(value));
      await manager.query(
        `INSERT INTO "messages" ("id", "conversationId", "senderId", "body", "clientMessageId", "seq", "pos", "createdAt")
         SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[], $5::varchar[], $6::int[], $7::bigint[], $8::timestamptz[])`,
        [
          rows.map((m) => m.id),
          rows.map((m) => m.conversationId),
          rows.map((m) => m.senderId),
          rows.map((m) => m.body),
          rows.map((m) => m.clientMessageId),
          rows.map((m) => m.seq),
          rows.map((m) => m.pos),
          rows.map((m) => m.createdAt),
        ],
      );
      return outcomes;
    });
  }
}

/** TypeORM answers a raw PostgreSQL UPDATE … RETURNING with [rows, rowCount]. */
function returnedRows<T>(result: unknown): T[] {
  const [rows] = result as [T[], number];
  return rows;
}
