import type { PresenceStatus } from '@parley/contract';

/** A user's presence moved while they stayed (or came) online: push `{online: true, status}`. */
export interface OnlineChange {
  userId: string;
  status: PresenceStatus;
}

/** A user's grace ended with no socket back: push `{online: false, lastSeenAt}`, once, from one process. */
export interface WentOffline {
  userId: string;
  /** When their last socket went away (for a dead process: its last heartbeat). */
  lastSeenAt: Date;
}

export interface SweepResult {
  offline: WentOffline[];
  /** Status changes caused by removing a dead process's sockets (an active tab died, away ones remain). */
  changed: OnlineChange[];
}

/**
 * Who is connected, by socket, for every process: in memory for one process, in Redis when scaled out.
 * A user is online while they have a socket, and through the grace after their last one went away;
 * every change is reported once, to the caller that caused it (or the sweep that found it).
 */
export interface PresenceStore {
  /** A new socket (status `active`): the change to push, if any (came online, or away → active). */
  connect(userId: string, socketId: string): Promise<OnlineChange | null>;
  /** A socket went away: a status change among the remaining ones, if any; the last one starts the grace. */
  disconnect(userId: string, socketId: string): Promise<OnlineChange | null>;
  setStatus(userId: string, socketId: string, status: PresenceStatus): Promise<OnlineChange | null>;
  /** Ended graces and dead processes' sockets; each result is returned to exactly one caller. */
  sweep(): Promise<SweepResult>;
  /** The online ones among `userIds` and their status, in one round trip; absent = offline. */
  lookup(userIds: readonly string[]): Promise<Map<string, PresenceStatus>>;
  /**
   * Renews this process's heartbeat; true when its entries had been dropped (it was taken for dead, or
   * Redis lost its data), so the caller registers its live sockets again.
   */
  heartbeat(): Promise<boolean>;
  /**
   * This process is going away and its sockets with it. Scaled out, they become graces that the other
   * processes' sweeps end; alone, the users still here are returned so their lastSeenAt is recorded.
   */
  leave(): Promise<WentOffline[]>;
}

/** Away only when every socket is away. */
export function aggregateStatus(statuses: Iterable<PresenceStatus>): PresenceStatus | null {
  let any = false;
  for (const status of statuses) {
    if (status === 'active') return 'active';
    any = true;
  }
  return any ? 'away' : null;
}
