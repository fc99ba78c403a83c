import type { Database, Statement } from 'better-sqlite3';
import type { MessageEntity } from '../message.entity';
import { assignConsecutive, planBatch, type NewMessage, type WriteOutcome } from './batch-plan';

type MessageRow = Omit<MessageEntity, 'createdAt'> & { createdAt: string };

/** TypeORM keeps SQLite datetimes as UTC 'YYYY-MM-DD HH:MM:SS.SSS'; raw statements must match. */
const toSqliteDate = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');
const fromSqliteDate = (value: string) => new Date(`${value.replace(' ', 'T')}Z`);

/**
 * Writes a batch in one synchronous better-sqlite3 transaction (BEGIN IMMEDIATE). Being
 * synchronous, no other query of this process can interleave with it on the shared connection.
 */
export class SqliteBatchWriter {
  private readonly findStored: Statement<[string, string], MessageRow>;
  private readonly bumpSeq: Statement<[number, string, string], { lastSeq: number }>;
  private readonly bumpPos: Statement<[number], { value: number }>;
  private readonly insert: Statement<unknown[]>;
  private readonly transaction: (batch: NewMessage[]) => WriteOutcome[];

  constructor(db: Database) {
    this.findStored = db.prepare('SELECT * FROM "messages" WHERE "senderId" = ? AND "clientMessageId" = ?');
    this.bumpSeq = db.prepare(
      'UPDATE "conversations" SET "lastSeq" = "lastSeq" + ?, "updatedAt" = ? WHERE "id" = ? RETURNING "lastSeq"',
    );
    this.bumpPos = db.prepare('UPDATE "stream_counter" SET "value" = "value" + ? WHERE "id" = 1 RETURNING "value"');
    this.insert = db.prepare(
      'INSERT INTO "messages" ("id", "conversationId", "senderId", "body", "clientMessageId", "seq", "pos", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.transaction = db.transaction((batch: NewMessage[]) => this.writeInTransaction(batch)).immediate;
  }

  async write(batch: NewMessage[]): Promise<WriteOutcome[]> {
    return this.transaction(batch);
  }

  private writeInTransaction(batch: NewMessage[]): WriteOutcome[] {
    const stored = batch
      .map((send) => this.findStored.get(send.senderId, send.clientMessageId))
      .filter((row): row is MessageRow => !!row)
      .map((row) => ({ ...row, createdAt: fromSqliteDate(row.createdAt) }));
    const now = new Date();
    const { outcomes, drafts } = planBatch(batch, stored, now);
    if (!drafts.size) return outcomes;
    for (const [conversationId, list] of drafts) {
      const bumped = this.bumpSeq.get(list.length, toSqliteDate(now), conversationId);
      if (!bumped) throw new Error(`Conversation ${conversationId} vanished during a write`);
      assignConsecutive(list, 'seq', bumped.lastSeq);
    }
    const rows = [...drafts.values()].flat();
    assignConsecutive(rows, 'pos', this.bumpPos.get(rows.length)!.value);
    for (const m of rows) {
      this.insert.run(m.id, m.conversationId, m.senderId, m.body, m.clientMessageId, m.seq, m.pos, toSqliteDate(m.createdAt));
    }
    return outcomes;
  }
}
