import { Inject, Injectable } from '@nestjs/common';
import { Limits, MessageKind, type Message, type Reaction } from '@parley/contract';
import { SQL_EXECUTOR, type ReadPath, type SqlExecutor } from '../database/sql/executor';
import { list, sql } from '../database/sql/statement';
import { toMessage, toReplyPreview } from './chat.mappers';
import type { MessageEntity } from './message.entity';
import type { ReplyTarget } from './message-writer/batch-plan';
import { replyTargets } from './stream/message-rows';
import { AttachmentPresenter } from '../uploads/attachment-presenter';

/** The statements that complete a page of messages, kept together so their plans can be checked. */
export const presenterStatements = {
  /** In stream order, which is the order of first use. */
  reactions: (messageIds: readonly string[]) =>
    sql`SELECT "messageId", "emoji", "userId" FROM "message_reactions" WHERE "messageId" IN ${list(messageIds)} ORDER BY "pos"`,
  replyTargets,
};

/**
 * Up to this many messages (a history page the client asks for, a page of conversations' last
 * messages), the three reads run on the main connection (the executor's `lookup`): each costs about
 * 1.5 µs a message there, less than the hop to a reader thread and back (about 0.7 ms of the latest
 * page's 2 ms here, `--reads`). A longer page (a sync page holds up to 500) goes to the reader threads.
 */
export const PRESENT_ON_MAIN_MAX = Limits.conversationsPageMax;

/**
 * Messages as the contract shows them: each row with its reactions and the preview of the message it
 * answers, in their latest state, and its files with fresh signed links — three indexed reads per
 * page, whatever its size.
 */
@Injectable()
export class MessagePresenter {
  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly attachments: AttachmentPresenter,
  ) {}

  async present(entities: readonly MessageEntity[]): Promise<Message[]> {
    if (!entities.length) return [];
    const live = entities.filter((m) => !m.deletedAt);
    const replyIds = [...new Set(live.flatMap((m) => (m.replyToId ? [m.replyToId] : [])))];
    const via: ReadPath = entities.length <= PRESENT_ON_MAIN_MAX ? 'lookup' : 'all';
    const [reactionRows, targets, files] = await Promise.all([
      live.length ? this.db[via]<{ messageId: string; emoji: string; userId: string }>(presenterStatements.reactions(live.map((m) => m.id))) : [],
      replyIds.length ? this.db[via]<ReplyTarget>(presenterStatements.replyTargets(replyIds)) : [],
      this.attachments.ofMessages(live.filter((m) => m.kind === MessageKind.Text).map((m) => m.id), via),
    ]);
    const reactions = new Map<string, Reaction[]>();
    for (const row of reactionRows) {
      const ofMessage = reactions.get(row.messageId) ?? [];
      reactions.set(row.messageId, ofMessage);
      const entry = ofMessage.find((r) => r.emoji === row.emoji);
      if (entry) entry.userIds.push(row.userId);
      else ofMessage.push({ emoji: row.emoji, userIds: [row.userId] });
    }
    const previews = new Map(targets.map((t) => [t.id, toReplyPreview(t)]));
    return entities.map((m) =>
      toMessage(m, {
        reactions: reactions.get(m.id) ?? [],
        replyTo: m.replyToId ? (previews.get(m.replyToId) ?? null) : null,
        attachments: files.get(m.id) ?? [],
      }),
    );
  }

  async presentOne(entity: MessageEntity): Promise<Message> {
    const [message] = await this.present([entity]);
    return message;
  }
}
