import { Inject, Injectable } from '@nestjs/common';
import { ConversationKind } from '@parley/contract';
import { AuthService } from '../../auth/auth.service';
import { SQL_EXECUTOR, type SqlExecutor } from '../../database/sql/executor';
import { sql } from '../../database/sql/statement';
import { UsersService } from '../../users/users.service';
import { GroupsService } from '../groups.service';
import { ProfilesService } from './profiles.service';

export const CLOSED_ACCOUNT_NAME = 'Deleted user';

/**
 * Closing an account: the person leaves every group (a "left" line, as if they had), their name
 * becomes "Deleted user" everywhere (live and through sync, like any rename), the account can no
 * longer log in, and every login ends — its sockets close on every process at once. Their messages
 * stay in other people's histories, and direct conversations stay with the other person.
 */
@Injectable()
export class AccountClosure {
  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly groups: GroupsService,
    private readonly profiles: ProfilesService,
  ) {}

  async close(userId: string, password: string): Promise<void> {
    await this.auth.confirmPassword(userId, password);
    // First: nothing said from here on can come from a login of this account.
    await this.auth.endEveryLogin(userId);
    const groups = await this.db.all<{ conversationId: string }>(
      sql`SELECT m."conversationId" FROM "conversation_members" m JOIN "conversations" c ON c."id" = m."conversationId"
          WHERE m."userId" = ${userId} AND m."leftPos" IS NULL AND c."kind" = ${ConversationKind.Group}`,
    );
    for (const { conversationId } of groups) await this.groups.removeMember(userId, conversationId, userId);
    await this.profiles.updateDisplayName(userId, CLOSED_ACCOUNT_NAME);
    await this.users.close(userId);
  }
}
