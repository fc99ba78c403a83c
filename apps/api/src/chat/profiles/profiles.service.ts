import { Inject, Injectable } from '@nestjs/common';
import type { User } from '@parley/contract';
import { DomainError } from '../../common/domain-error';
import { SQL_EXECUTOR, type SqlExecutor } from '../../database/sql/executor';
import { query, sql } from '../../database/sql/statement';
import { PresenceService } from '../../users/presence/presence.service';
import { UsersService } from '../../users/users.service';
import { MembershipService } from '../membership.service';
import { RealtimePublisher } from '../realtime-publisher';
import { ChangeStream, unchanged } from '../stream/change-stream';

/**
 * Profile changes live here, not in users/, because they travel the chat's change stream: a new
 * display name changes how every conversation of its owner looks (its members), so those
 * conversations get the change's position — a device that was away sees them again on its next sync —
 * and the people in them (read under the conversations' locks) get `user:updated` live.
 */
@Injectable()
export class ProfilesService {
  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly users: UsersService,
    private readonly membership: MembershipService,
    private readonly stream: ChangeStream,
    private readonly publisher: RealtimePublisher,
    private readonly presence: PresenceService,
  ) {}

  async updateDisplayName(userId: string, displayName: string): Promise<User> {
    const mine = await this.db.all<{ conversationId: string }>(
      sql`SELECT "conversationId" FROM "conversation_members" WHERE "userId" = ${userId} AND "leftPos" IS NULL`,
    );
    const membership = this.membership;
    const recipients = await this.stream.write(
      mine.map((m) => m.conversationId),
      function* (locked) {
        const [current] = yield* query<{ displayName: string }>(sql`SELECT "displayName" FROM "users" WHERE "id" = ${userId}`);
        if (!current) throw DomainError.notFound('Your account');
        if (current.displayName === displayName) return unchanged([] as readonly string[]);
        yield sql`UPDATE "users" SET "displayName" = ${displayName}, "displayNameLower" = ${displayName.toLowerCase()} WHERE "id" = ${userId}`;
        // Membership as it is under the locks: someone who left meanwhile is not told, or touched.
        const members = yield* membership.membersUnderLock([...locked.values()]);
        const shared = [...members].filter(([, ids]) => ids.includes(userId));
        const people = [...new Set([userId, ...shared.flatMap(([, ids]) => ids)])];
        // Without a conversation nobody else can see the name: no stream position is needed.
        return { positions: shared.length ? 1 : 0, touched: shared.map(([id]) => id), *write() { return people; } };
      },
    );
    const user = await this.users.findById(userId);
    if (!user) throw DomainError.notFound('Your account');
    const updated = await this.presence.userOf(user);
    this.publisher.userUpdated(recipients, updated);
    return updated;
  }
}
