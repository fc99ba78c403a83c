import { PresenceStatus } from '@parley/contract';
import { aggregateStatus, type OnlineChange, type PresenceStore, type SweepResult, type WentOffline } from './presence-store';

interface Gone {
  at: number;
  status: PresenceStatus;
}

/**
 * Presence for a single process (no REDIS_URL): the sockets of this process are all the sockets
 * there are, so a map of them is the whole truth. Scaled out, RedisPresenceStore takes its place.
 */
export class MemoryPresenceStore implements PresenceStore {
  private readonly sockets = new Map<string, Map<string, PresenceStatus>>();
  private readonly gone = new Map<string, Gone>();

  constructor(
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async connect(userId: string, socketId: string): Promise<OnlineChange | null> {
    const mine = this.sockets.get(userId) ?? new Map<string, PresenceStatus>();
    const before = aggregateStatus(mine.values()) ?? this.gone.get(userId)?.status ?? null;
    this.gone.delete(userId);
    mine.set(socketId, PresenceStatus.Active);
    this.sockets.set(userId, mine);
    return before === PresenceStatus.Active ? null : { userId, status: PresenceStatus.Active };
  }

  async disconnect(userId: string, socketId: string): Promise<OnlineChange | null> {
    const mine = this.sockets.get(userId);
    if (!mine?.has(socketId)) return null;
    const before = aggregateStatus(mine.values())!;
    mine.delete(socketId);
    const after = aggregateStatus(mine.values());
    if (after === null) {
      this.sockets.delete(userId);
      this.gone.set(userId, { at: this.now(), status: before });
      return null;
    }
    return after === before ? null : { userId, status: after };
  }

  async setStatus(userId: string, socketId: string, status: PresenceStatus): Promise<OnlineChange | null> {
    const mine = this.sockets.get(userId);
    if (!mine?.has(socketId)) return null;
    const before = aggregateStatus(mine.values());
    mine.set(socketId, status);
    const after = aggregateStatus(mine.values())!;
    return after === before ? null : { userId, status: after };
  }

  async sweep(): Promise<SweepResult> {
    const due = this.now() - this.graceMs;
    const offline: WentOffline[] = [];
    for (const [userId, gone] of this.gone) {
      if (gone.at > due) continue;
      this.gone.delete(userId);
      offline.push({ userId, lastSeenAt: new Date(gone.at) });
    }
    return { offline, changed: [] };
  }

  async lookup(userIds: readonly string[]): Promise<Map<string, PresenceStatus>> {
    const found = new Map<string, PresenceStatus>();
    for (const userId of userIds) {
      const status = aggregateStatus(this.sockets.get(userId)?.values() ?? []) ?? this.gone.get(userId)?.status;
      if (status) found.set(userId, status);
    }
    return found;
  }

  async heartbeat(): Promise<boolean> {
    return false;
  }

  /** Nobody else will sweep: everyone with a socket (or in their grace) was last seen now. */
  async leave(): Promise<WentOffline[]> {
    const at = new Date(this.now());
    const users = [...new Set([...this.sockets.keys(), ...this.gone.keys()])];
    this.sockets.clear();
    this.gone.clear();
    return users.map((userId) => ({ userId, lastSeenAt: at }));
  }
}
