import { Inject, Injectable } from '@nestjs/common';
import type { ConversationKind } from '@parley/contract';
import { SQL_EXECUTOR, type SqlExecutor } from '../../database/sql/executor';
import { list, query, raw, sql, type Work } from '../../database/sql/statement';

/** A conversation's row as read under its lock at the start of a change. */
export interface LockedConversation {
  id: string;
  kind: ConversationKind;
  title: string | null;
  createdBy: string | null;
  lastSeq: number;
  membersVersion: number;
}

/**
 * What a change decided after reading under the locks: how many stream positions its rows need, which
 * conversations it changed, and the writes that carry those positions.
 */
export interface StreamChange<T> {
  positions: number;
  /** These conversations' `changePos` becomes the change's last position (so sync finds them). */
  touched: readonly string[];
  /** Writes the positioned rows (`first` … `first + positions - 1`; 0 when none) and returns the result. */
  write(first: number): Work<T>;
}

/** Nothing to write: the result as it is. */
export function unchanged<T>(result: T): StreamChange<T> {
  return { positions: 0, touched: [], *write() { return result; } };
}

/**
 * The one owner of the change stream's counter and of the lock order every write follows:
 *   1. the conversations the change is about, in id order (`FOR UPDATE` on PostgreSQL);
 *   2. rows that belong to those conversations (members, messages), and the uploads a send attaches
 *      (in id order, `FOR UPDATE`: two sends racing for one upload are serialised);
 *   3. the stream counter, last: held until commit, then only the rows that carry its positions are written.
 * Because the counter is taken last and released only by the commit, positions are handed out in
 * commit order: a reader that has seen position N can never later find a change below N, so
 * "everything after my cursor" never skips one that committed late. On SQLite the whole transaction
 * is one synchronous BEGIN IMMEDIATE, which gives the same order.
 */
@Injectable()
export class ChangeStream {
  constructor(@Inject(SQL_EXECUTOR) private readonly db: SqlExecutor) {}

  /** For a change's own row locks in step 2 (`FOR UPDATE`, or nothing on SQLite). */
  get forUpdate(): string {
    return this.db.forUpdate;
  }

  write<T>(conversationIds: readonly string[], decide: (locked: Map<string, LockedConversation>) => Work<StreamChange<T>>): Promise<T> {
    const ids = [...new Set(conversationIds)].sort();
    const forUpdate = raw(this.db.forUpdate);
    return this.db.transaction(function* () {
      const rows = ids.length
        ? yield* query<LockedConversation>(
            sql`SELECT "id", "kind", "title", "createdBy", "lastSeq", "membersVersion" FROM "conversations" WHERE "id" IN ${list(ids)} ORDER BY "id" ${forUpdate}`,
          )
        : [];
      const change = yield* decide(new Map(rows.map((row) => [row.id, row])));
      if (change.positions === 0) return yield* change.write(0);
      const [{ value: last }] = yield* query<{ value: number }>(
        sql`UPDATE "stream_counter" SET "value" = "value" + ${change.positions} WHERE "id" = 1 RETURNING "value"`,
      );
      if (change.touched.length) {
        yield sql`UPDATE "conversations" SET "changePos" = ${last} WHERE "id" IN ${list(change.touched)}`;
      }
      return yield* change.write(last - change.positions + 1);
    });
  }

  /** The last position handed out: every change up to it has committed. */
  async current(): Promise<number> {
    const [row] = await this.db.all<{ value: number }>(sql`SELECT "value" FROM "stream_counter" WHERE "id" = 1`);
    return Number(row.value);
  }
}
