import { Injectable } from '@nestjs/common';
import { ConversationKind, ErrorCode, Limits, SystemEventType, type Conversation, type SystemEvent } from '@parley/contract';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { join, sql, type Work } from '../database/sql/statement';
import { UsersService } from '../users/users.service';
import { forViewer, toMessage } from './chat.mappers';
import { ConversationPresenter } from './conversation-presenter';
import type { MessageEntity } from './message.entity';
import { MembershipService } from './membership.service';
import { RealtimePublisher } from './realtime-publisher';
import { ChangeStream, unchanged, type LockedConversation, type StreamChange } from './stream/change-stream';
import { insertMessages } from './stream/message-rows';
import { appendSystemMessage, systemDraft } from './stream/system-message';

/** What a group change did: its system line, and who must hear of it (members before and after). */
interface GroupChange {
  message: MessageEntity;
  recipients: readonly string[];
  added: readonly string[];
}

/**
 * Group conversations: create, rename, add and remove members. Each change is one transaction on the
 * change stream that writes a system line into the history at its place in seq order; afterwards every
 * member, before and after, hears of it live.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly users: UsersService,
    private readonly membership: MembershipService,
    private readonly presenter: ConversationPresenter,
    private readonly stream: ChangeStream,
    private readonly publisher: RealtimePublisher,
  ) {}

  async create(creatorId: string, memberIds: readonly string[], title: string): Promise<Conversation> {
    if (memberIds.includes(creatorId)) throw DomainError.validation([{ field: 'memberIds', message: 'must not include yourself' }]);
    await this.requireUsers(memberIds, 'memberIds');
    const id = randomUUID();
    const now = new Date();
    const event: SystemEvent = { type: SystemEventType.Created, actorId: creatorId, userIds: [...memberIds], title };
    const message = systemDraft(id, event, 1, now);
    await this.stream.write([], function* () {
      yield sql`INSERT INTO "conversations" ("id", "kind", "title", "directKey", "lastSeq", "createdAt", "updatedAt", "createdBy", "changePos", "membersVersion")
                VALUES (${id}, ${ConversationKind.Group}, ${title}, NULL, 1, ${now}, ${now}, ${creatorId}, 0, 1)`;
      // The creator has read the "created" line (it is their own); everyone else has it unread.
      const rows = [sql`(${id}, ${creatorId}, 1, ${now})`, ...memberIds.map((userId) => sql`(${id}, ${userId}, 0, ${now})`)];
      yield sql`INSERT INTO "conversation_members" ("conversationId", "userId", "lastReadSeq", "joinedAt") VALUES ${join(rows)}`;
      return positioned(id, message, { message, recipients: [creatorId, ...memberIds], added: [creatorId, ...memberIds] });
    });
    const conversation = await this.presenter.shared(id);
    this.publisher.conversationNew([creatorId, ...memberIds], conversation);
    this.publisher.messageNew([creatorId, ...memberIds], toMessage(message));
    return forViewer(conversation, creatorId);
  }

  async rename(userId: string, conversationId: string, title: string): Promise<Conversation> {
    return this.change(userId, conversationId, function* (conversation, members, now) {
      if (conversation.title === title) return unchanged(null);
      yield sql`UPDATE "conversations" SET "title" = ${title} WHERE "id" = ${conversation.id}`;
      const message = yield* appendSystemMessage(conversation, { type: SystemEventType.Renamed, actorId: userId, title }, now);
      return positioned(conversation.id, message, { message, recipients: members, added: [] });
    });
  }

  async addMembers(userId: string, conversationId: string, userIds: readonly string[]): Promise<Conversation> {
    await this.requireUsers(userIds, 'userIds');
    return this.change(userId, conversationId, function* (conversation, members, now) {
      const added = userIds.filter((id) => !members.includes(id));
      if (!added.length) return unchanged(null);
      if (members.length + added.length > Limits.groupMembersMax) {
        throw DomainError.validation([{ field: 'userIds', message: `would make the group larger than ${Limits.groupMembersMax} members` }]);
      }
      const message = yield* appendSystemMessage(conversation, { type: SystemEventType.MembersAdded, actorId: userId, userIds: added }, now);
      // Someone who left and comes back gets their row back; either way only the "added" line is unread.
      const rows = added.map((id) => sql`(${conversation.id}, ${id}, CAST(${message.seq - 1} AS INTEGER), ${now})`);
      yield sql`INSERT INTO "conversation_members" ("conversationId", "userId", "lastReadSeq", "joinedAt") VALUES ${join(rows)}
                ON CONFLICT ("conversationId", "userId") DO UPDATE SET "leftPos" = NULL, "lastReadSeq" = excluded."lastReadSeq", "joinedAt" = excluded."joinedAt"`;
      yield bumpMembersVersion(conversation);
      return positioned(conversation.id, message, { message, recipients: [...members, ...added], added });
    });
  }

  /** Removing yourself is leaving (anyone may); removing someone else is for the group's creator only. */
  async removeMember(userId: string, conversationId: string, targetId: string): Promise<void> {
    await this.change(userId, conversationId, function* (conversation, members, now) {
      if (!members.includes(targetId)) throw DomainError.notFound('Member');
      if (targetId !== userId && conversation.createdBy !== userId) {
        throw new DomainError(ErrorCode.Forbidden, 'Only the person who created the group can remove others');
      }
      const type = targetId === userId ? SystemEventType.MemberLeft : SystemEventType.MemberRemoved;
      const message = yield* appendSystemMessage(conversation, { type, actorId: userId, userIds: [targetId] }, now);
      yield bumpMembersVersion(conversation);
      return {
        positions: 1,
        touched: [conversation.id],
        *write(first: number): Work<GroupChange> {
          message.pos = first;
          yield insertMessages([message]);
          // The departure keeps its row, stamped with its position, so sync can tell the leaver's devices.
          yield sql`UPDATE "conversation_members" SET "leftPos" = ${first} WHERE "conversationId" = ${conversation.id} AND "userId" = ${targetId}`;
          return { message, recipients: members, added: [] };
        },
      };
    });
  }

  /**
   * One group change under the conversation's lock: 404 unless the caller is a member now, 409 for a
   * direct conversation; then the change itself, and afterwards the live events.
   */
  private async change(
    userId: string,
    conversationId: string,
    decide: (conversation: LockedConversation, members: readonly string[], now: Date) => Work<StreamChange<GroupChange | null>>,
  ): Promise<Conversation> {
    const membership = this.membership;
    const result = await this.stream.write([conversationId], function* (locked) {
      const conversation = locked.get(conversationId);
      const members = conversation ? (yield* membership.membersUnderLock([conversation])).get(conversationId)! : [];
      if (!conversation || !members.includes(userId)) throw DomainError.notFound('Conversation');
      if (conversation.kind !== ConversationKind.Group) {
        throw new DomainError(ErrorCode.NotAGroup, 'Only group conversations can be renamed or change members');
      }
      return yield* decide(conversation, members, new Date());
    });
    const conversation = await this.presenter.shared(conversationId);
    if (result) {
      this.publisher.conversationNew(result.added, conversation);
      this.publisher.conversationUpdated(result.recipients, conversation);
      this.publisher.messageNew(result.recipients, toMessage(result.message));
    }
    return forViewer(conversation, userId);
  }

  private async requireUsers(ids: readonly string[], field: string): Promise<void> {
    const found = await this.users.findOpenByIds([...ids]);
    if (found.length !== new Set(ids).size) throw DomainError.validation([{ field, message: 'contains ids of users who do not exist' }]);
  }
}

/** A change whose one positioned row is its system line. */
function positioned(conversationId: string, message: MessageEntity, result: GroupChange): StreamChange<GroupChange> {
  return {
    positions: 1,
    touched: [conversationId],
    *write(first) {
      message.pos = first;
      yield insertMessages([message]);
      return result;
    },
  };
}

function bumpMembersVersion(conversation: LockedConversation) {
  return sql`UPDATE "conversations" SET "membersVersion" = "membersVersion" + 1 WHERE "id" = ${conversation.id}`;
}
