import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode, Limits, type Message, type MessagePage } from '@parley/contract';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { toMessage, toReplyPreview } from './chat.mappers';
import { MessagePresenter } from './message-presenter';
import { ListMessagesQueryDto } from './dto/list-messages.query';
import { SendMessageDto } from './dto/send-message.dto';
import { MembershipService } from './membership.service';
import { MessageEntity } from './message.entity';
import { MessageWriter } from './message-writer/message-writer';
import { RealtimePublisher } from './realtime-publisher';
import { AttachmentPresenter } from '../uploads/attachment-presenter';

@Injectable()
export class MessagesService {
  constructor(
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
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
    const qb = this.messages.createQueryBuilder('m').where('m.conversationId = :conversationId', { conversationId });
    if (query.before !== undefined) qb.andWhere('m.seq < :before', { before: query.before });
    if (query.after !== undefined) qb.andWhere('m.seq > :after', { after: query.after });
    const ascending = query.after !== undefined;
    const rows = await qb.orderBy('m.seq', ascending ? 'ASC' : 'DESC').take(limit + 1).getMany();
    const page = rows.slice(0, limit);
    if (!ascending) page.reverse();
    return { items: await this.presenter.present(page), hasMore: rows.length > limit };
  }
}
