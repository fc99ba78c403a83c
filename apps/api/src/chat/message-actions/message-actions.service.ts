import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, Limits, MessageKind, type Message } from '@parley/contract';
import { DomainError } from '../../common/domain-error';
import { SQL_EXECUTOR, type SqlExecutor } from '../../database/sql/executor';
import { join, list, query, sql, type Work } from '../../database/sql/statement';
import { MembershipService } from '../membership.service';
import type { MessageEntity } from '../message.entity';
import { MessagePresenter } from '../message-presenter';
import { RealtimePublisher } from '../realtime-publisher';
import { SearchIndex } from '../search/search-index';
import { ChangeStream, unchanged, type StreamChange } from '../stream/change-stream';
import { messageColumns, messageFromRow } from '../stream/message-rows';
import { discardUploads, ofMessage } from '../../uploads/upload-rows';
import { UploadSweeper } from '../../uploads/upload-sweeper';

/** What an action decided under the lock: which messages it changed (each gets a new position and version). */
interface Changed {
  ids: readonly string[];
  /** Runs in the write phase, once the change's first position is known. */
  write?: (first: number) => Work<void>;
}

const NOTHING: Changed = { ids: [] };

/**
 * Edits, deletions and reactions. Each is one change on the stream under the conversation's lock:
 * the changed messages get new positions and a higher version (so sync returns them in their latest
 * state), and afterwards every member's devices get them as `message:updated`. An edit or deletion
 * also changes the reply preview of every reply to the message, so those replies change with it.
 */
@Injectable()
export class MessageActionsService {
  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly membership: MembershipService,
    private readonly stream: ChangeStream,
    private readonly index: SearchIndex,
    private readonly presenter: MessagePresenter,
    private readonly publisher: RealtimePublisher,
    private readonly sweeper: UploadSweeper,
  ) {}

  edit(userId: string, conversationId: string, messageId: string, body: string): Promise<Message> {
    const index = this.index;
    return this.act(userId, conversationId, messageId, function* (message, now) {
      requireOwnText(message, userId);
      if (message.deletedAt) throw deleted();
      if (message.body === body) return NOTHING;
      yield* index.remove(message);
      yield sql`UPDATE "messages" SET "body" = ${body}, "editedAt" = ${now} WHERE "id" = ${message.id}`;
      yield* index.add([{ ...message, body }]);
      return { ids: [message.id, ...(yield* repliesTo(message))] };
    });
  }

  /**
   * A tombstone: it keeps its seq, loses its text (from the row and the index), its reactions, its
   * reply link and its files (their rows in the same transaction, their bytes right after the commit,
   * or by the sweep if that fails). Deleting a deleted message again changes nothing (a retried request).
   */
  async remove(userId: string, conversationId: string, messageId: string): Promise<void> {
    const index = this.index;
    let garbage: string[] = [];
    await this.act(userId, conversationId, messageId, function* (message, now) {
      requireOwnText(message, userId);
      if (message.deletedAt) return NOTHING;
      yield* index.remove(message);
      yield sql`UPDATE "messages" SET "body" = '', "deletedAt" = ${now}, "replyToId" = NULL WHERE "id" = ${message.id}`;
      yield sql`DELETE FROM "message_reactions" WHERE "messageId" = ${message.id}`;
      garbage = yield* discardUploads(ofMessage(message.id), now);
      return { ids: [message.id, ...(yield* repliesTo(message))] };
    });
    // Only once committed: a rolled-back deletion keeps its files.
    await this.sweeper.collect(garbage).catch(() => undefined);
    // WAL mode keeps the old pages in the -wal file until a checkpoint: fold them in now (best effort).
    await this.db.reclaim().catch(() => undefined);
  }

  /** Adds my reaction; a repeat changes nothing. */
  react(userId: string, conversationId: string, messageId: string, emoji: string): Promise<Message> {
    return this.act(userId, conversationId, messageId, function* (message, now) {
      if (message.deletedAt) throw deleted();
      const rows = yield* query<{ emoji: string; userId: string }>(sql`SELECT "emoji", "userId" FROM "message_reactions" WHERE "messageId" = ${message.id}`);
      if (rows.some((r) => r.emoji === emoji && r.userId === userId)) return NOTHING;
      const distinct = new Set(rows.map((r) => r.emoji));
      if (!distinct.has(emoji) && distinct.size >= Limits.reactionsPerMessageMax) {
        throw new DomainError(ErrorCode.TooManyReactions, `A message can carry at most ${Limits.reactionsPerMessageMax} different emoji`);
      }
      return {
        ids: [message.id],
        *write(first) {
          yield sql`INSERT INTO "message_reactions" ("messageId", "emoji", "userId", "createdAt", "pos") VALUES (${message.id}, ${emoji}, ${userId}, ${now}, ${first})`;
        },
      };
    });
  }

  /** Removes my reaction; removing one I never made changes nothing. */
  unreact(userId: string, conversationId: string, messageId: string, emoji: string): Promise<Message> {
    return this.act(userId, conversationId, messageId, function* (message) {
      if (message.deletedAt) throw deleted();
      const removed = yield* query(
        sql`DELETE FROM "message_reactions" WHERE "messageId" = ${message.id} AND "emoji" = ${emoji} AND "userId" = ${userId} RETURNING "emoji"`,
      );
      return removed.length ? { ids: [message.id] } : NOTHING;
    });
  }

  /**
   * One action on one message under its conversation's lock: 404 unless the caller is a member now
   * and the message is in that conversation; then the action, new positions for what it changed, and
   * afterwards the new states pushed to the members read under the lock.
   */
  private async act(
    userId: string,
    conversationId: string,
    messageId: string,
    decide: (message: MessageEntity, now: Date) => Work<Changed>,
  ): Promise<Message> {
    const membership = this.membership;
    const result = await this.stream.write([conversationId], function* (locked): Work<StreamChange<{ ids: readonly string[]; recipients: readonly string[] }>> {
      const conversation = locked.get(conversationId);
      const members = conversation ? (yield* membership.membersUnderLock([conversation])).get(conversationId)! : [];
      if (!conversation || !members.includes(userId)) throw DomainError.notFound('Conversation');
      const [row] = yield* query<Record<string, unknown>>(sql`SELECT ${messageColumns()} FROM "messages" WHERE "id" = ${messageId} AND "conversationId" = ${conversationId}`);
      if (!row) throw DomainError.notFound('Message');
      const changed = yield* decide(messageFromRow(row), new Date());
      if (!changed.ids.length) return unchanged({ ids: [messageId], recipients: [] as readonly string[] });
      return {
        positions: changed.ids.length,
        touched: [conversationId],
        *write(first) {
          const values = join(changed.ids.map((id, i) => sql`(${id}, CAST(${first + i} AS BIGINT))`));
          yield sql`UPDATE "messages" SET "pos" = v.column2, "version" = "messages"."version" + 1
                    FROM (VALUES ${values}) AS v WHERE "messages"."id" = v.column1`;
          if (changed.write) yield* changed.write(first);
          return { ids: changed.ids, recipients: members };
        },
      };
    });
    const rows = await this.db.all<Record<string, unknown>>(sql`SELECT ${messageColumns()} FROM "messages" WHERE "id" IN ${list(result.ids)}`);
    // The message acted on first, then the replies whose preview changed with it.
    const order = (id: string) => result.ids.indexOf(id);
    const messages = (await this.presenter.present(rows.map(messageFromRow))).sort((a, b) => order(a.id) - order(b.id));
    for (const message of messages) this.publisher.messageUpdated(result.recipients, message);
    return messages.find((m) => m.id === messageId)!;
  }
}

function requireOwnText(message: MessageEntity, userId: string): void {
  if (message.kind !== MessageKind.Text) throw new DomainError(ErrorCode.NotATextMessage, 'System messages cannot be edited or deleted');
  if (message.senderId !== userId) throw new DomainError(ErrorCode.Forbidden, 'Only the sender can edit or delete a message');
}

const deleted = () => new DomainError(ErrorCode.MessageDeleted, 'This message was deleted');

/** The live replies to a message: their previews show it, so they change when it does. */
function* repliesTo(message: MessageEntity): Work<string[]> {
  const rows = yield* query<{ id: string }>(
    sql`SELECT "id" FROM "messages" WHERE "replyToId" = ${message.id} AND "conversationId" = ${message.conversationId} AND "deletedAt" IS NULL`,
  );
  return rows.map((r) => r.id);
}
