import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, Limits, type Message, type MessagePage } from '@parley/contract';
import { DomainError } from '../common/domain-error';
import { SQL_EXECUTOR, type SqlExecutor } from '../database/sql/executor';
import { sql, type Statement } from '../database/sql/statement';
import { toMessage, toReplyPreview } from './chat.mappers';
import { MessagePresenter } from './message-presenter';
import { ListMessagesQueryDto } from './dto/list-messages.query';
import { SendMessageDto } from './dto/send-message.dto';
import { MembershipService } from './membership.service';
import { MessageWriter } from './message-writer/message-writer';
import { RealtimePublisher } from './realtime-publisher';
import { AttachmentPresenter } from '../uploads/attachment-presenter';
import { messageColumns, messageFromRow } from './stream/message-rows';

/**
 * One page of a conversation by its (conversationId, seq) index, `limit + 1` rows to tell whether there
 * is more: newest first, or oldest first from `after` (catching up).
 */
export function historyPage(conversationId: string, query: { before?: number; after?: number }, limit: number): Statement {
  const before = query.before === undefined ? sql`` : sql` AND "seq" < ${query.before}`;
  const after = query.after === undefined ? sql`` : sql` AND "seq" > ${query.after}`;
  const order = query.after === undefined ? sql`DESC` : sql`ASC`;
  return sql`SELECT ${messageColumns()} FROM "messages" WHERE "conversationId" = ${conversationId}${before}${after}
             ORDER BY "seq" ${order} LIMIT ${limit + 1}`;
}

@Injectable()
export class MessagesService {
  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly membership: MembershipService,
    private readonly writer: MessageWriter,
    private readonly publisher: RealtimePublisher,
    private readonly presenter: MessagePresenter,
    private readonly attachments: AttachmentPresenter,
  ) {}

  /**
   * Stores a message (or finds the stored one for a repeated clientMessageId) and pushes a new one
   * to every member's sockets. Resolves only once the message is committed.
   */
  async send(senderId: string, conversationId: string, dto: SendMessageDto): Promise<{ message: Message; created: boolean }> {
    // Membership is checked by the writer, under the conversation's lock (see planBatch).
    const outcome = await this.writer
      .write({
        senderId,
        conversationId,
        body: dto.body,
        clientMessageId: dto.clientMessageId,
        replyToId: dto.replyToId ?? null,
        attachmentIds: dto.attachmentIds ?? [],
      })
      .catch((error: unknown) => {
        if (error instanceof DomainError) throw error;
        throw new DomainError(ErrorCode.Unavailable, 'The message could not be stored; please retry');
      });
    if (!outcome.ok) throw outcome.error;
    // A new message has no reactions yet, its reply preview and its files were read under the lock; a repeat is
    // shown as it is now (it may have been edited or reacted to since).
    const message = outcome.created
      ? toMessage(outcome.message, {
          replyTo: outcome.replyTo ? toReplyPreview(outcome.replyTo) : null,
          attachments: this.attachments.present(outcome.attachments ?? []),
        })
      : await this.presenter.presentOne(outcome.message);
    // Also for a repeat: the process that stored it may have died before pushing it. Clients dedupe by id.
    this.publisher.messageNew(outcome.recipients, message);
    return { message, created: outcome.created };
  }

  /**
   * One page in ascending seq. No cursor: the latest page. `before`: the page just older than it.
   * `after`: the page just newer (catching up). Both: the oldest page inside that window.
   */
  async history(userId: string, conversationId: string, query: ListMessagesQueryDto): Promise<MessagePage> {
    await this.membership.requireMember(conversationId, userId);
    const limit = query.limit ?? Limits.messagesPageDefault;
    // A statement, not the ORM (rows need no entity hydration); a lookup: one index range of at most a page.
    const rows = (await this.db.lookup<Record<string, unknown>>(historyPage(conversationId, query, limit))).map(messageFromRow);
    const ascending = query.after !== undefined;
    const page = rows.slice(0, limit);
    if (!ascending) page.reverse();
    return { items: await this.presenter.present(page), hasMore: rows.length > limit };
  }
}
