import { Inject, Injectable, Logger } from '@nestjs/common';
import { Rooms, SocketEvent, type Presence } from '@parley/contract';
import { SQL_EXECUTOR, type SqlExecutor } from '../../database/sql/executor';
import { sql } from '../../database/sql/statement';
import { RealtimeServer } from '../../realtime/realtime-server';
import { presenceState } from '../user.mapper';
import type { OnlineChange, WentOffline } from './presence-store';

/**
 * Pushes presence to the `presence:<userId>` room (through the adapter: every process's followers)
 * and records lastSeenAt, before the offline push, so a client that asks right after it reads the
 * same value. Each change reaches here from exactly one process (the store decides which).
 */
@Injectable()
export class PresencePublisher {
  private readonly logger = new Logger('Presence');

  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly realtime: RealtimeServer,
  ) {}

  changed(change: OnlineChange | null): void {
    if (change) this.push({ userId: change.userId, ...presenceState(change.status, null) });
  }

  async wentOffline(gone: readonly WentOffline[]): Promise<void> {
    if (!gone.length) return;
    await this.recordLastSeen(gone);
    for (const { userId, lastSeenAt } of gone) this.push({ userId, ...presenceState(undefined, lastSeenAt) });
  }

  /** One transaction of primary-key updates; a failure is logged (the push still goes out). */
  async recordLastSeen(gone: readonly WentOffline[]): Promise<void> {
    if (!gone.length) return;
    try {
      await this.db.transaction(function* () {
        for (const { userId, lastSeenAt } of gone) yield sql`UPDATE "users" SET "lastSeenAt" = ${lastSeenAt} WHERE "id" = ${userId}`;
        return undefined;
      });
    } catch (error) {
      this.logger.warn(`Could not record lastSeenAt: ${(error as Error).message}`);
    }
  }

  private push(presence: Presence): void {
    this.realtime.current?.to(Rooms.presence(presence.userId)).emit(SocketEvent.Presence, presence);
  }
}
