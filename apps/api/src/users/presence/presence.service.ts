import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { Presence, PresenceStatus, User } from '@parley/contract';
import { randomUUID } from 'node:crypto';
import { withTimeout } from '../../common/with-timeout';
import { presenceConfig } from '../../config/presence.config';
import { SQL_EXECUTOR, type SqlExecutor } from '../../database/sql/executor';
import { list, sql } from '../../database/sql/statement';
import { ConnectionHooks, type SocketLifecycle } from '../../realtime/connection-hooks';
import { RealtimeServer } from '../../realtime/realtime-server';
import type { ParleySocket } from '../../realtime/realtime.types';
import { RedisConnection } from '../../redis/redis.module';
import { presenceState, toUser, type UserFields } from '../user.mapper';
import { MemoryPresenceStore } from './memory-presence-store';
import { PresencePublisher } from './presence-publisher';
import type { PresenceStore } from './presence-store';
import { RedisPresenceStore } from './redis-presence-store';

/** A response waits at most this long for presence; after it, everyone is shown offline rather than the response failing. */
const LOOKUP_TIMEOUT_MS = 1_500;

/**
 * Who is online, pushed to whoever follows them (`presence:<userId>` rooms, joined by
 * `presence:subscribe`) and carried by every User the API returns. The state is in a PresenceStore
 * (Redis when scaled out); this service turns socket comings and goings into its calls, runs the
 * sweep that ends graces and notices dead processes, and answers lookups in one round trip per
 * response. PresencePublisher pushes what changed and records lastSeenAt.
 */
@Injectable()
export class PresenceService implements SocketLifecycle, OnModuleInit, BeforeApplicationShutdown, OnModuleDestroy {
  private readonly logger = new Logger('Presence');
  private readonly store: PresenceStore;
  private readonly timers: NodeJS.Timeout[] = [];
  private sweeping = false;
  private registered = false;
  private closing = false;
  /** What is failing now (lookups, the sweep, the heartbeat): each is reported once, until it works again. */
  private readonly failing = new Set<string>();

  constructor(
    @Inject(presenceConfig.KEY) private readonly config: ConfigType<typeof presenceConfig>,
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly realtime: RealtimeServer,
    private readonly hooks: ConnectionHooks,
    private readonly publisher: PresencePublisher,
    redis: RedisConnection,
  ) {
    this.store = redis.client
      ? new RedisPresenceStore(redis.client, randomUUID(), { graceMs: config.offlineGraceMs, processTimeoutMs: config.processTimeoutMs })
      : new MemoryPresenceStore(config.offlineGraceMs);
  }

  onModuleInit(): void {
    this.hooks.register(this);
    void this.heartbeat();
    this.timers.push(setInterval(() => void this.sweep(), this.config.sweepIntervalMs).unref());
    this.timers.push(setInterval(() => void this.heartbeat(), this.config.heartbeatIntervalMs).unref());
  }

  /** Before the sockets close: this process's sockets are gone now, dated now. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.stopTimers();
    try {
      await this.publisher.recordLastSeen(await withTimeout(this.store.leave(), 5_000));
    } catch (error) {
      this.logger.warn(`Could not hand over presence at shutdown: ${(error as Error).message}`);
    }
  }

  onModuleDestroy(): void {
    this.stopTimers();
  }

  async socketConnected(socket: ParleySocket): Promise<void> {
    if (this.closing || !socket.connected) return;
    this.publisher.changed(await this.store.connect(socket.data.userId, socket.id));
  }

  async socketDisconnected(socket: ParleySocket): Promise<void> {
    if (this.closing) return;
    this.publisher.changed(await this.store.disconnect(socket.data.userId, socket.id));
  }

  async setStatus(socket: ParleySocket, status: PresenceStatus): Promise<void> {
    if (this.closing) return;
    this.publisher.changed(await this.store.setStatus(socket.data.userId, socket.id, status));
  }

  /** The online ones among `userIds` with their status, in one round trip. */
  async lookup(userIds: readonly string[]): Promise<Map<string, PresenceStatus>> {
    const ids = [...new Set(userIds)];
    if (!ids.length) return new Map();
    try {
      const found = await withTimeout(this.store.lookup(ids), LOOKUP_TIMEOUT_MS);
      this.recovered('lookup');
      return found;
    } catch (error) {
      this.failed('lookup', 'Presence is unavailable; users are shown offline', error);
      return new Map();
    }
  }

  /** Users as the API returns them, with their presence looked up once for all. */
  async usersOf(entities: readonly UserFields[]): Promise<User[]> {
    const online = await this.lookup(entities.map((e) => e.id));
    return entities.map((entity) => toUser(entity, online.get(entity.id)));
  }

  async userOf(entity: UserFields): Promise<User> {
    const [user] = await this.usersOf([entity]);
    return user;
  }

  /** For the `presence:subscribe` ack: one lookup, and one read of lastSeenAt for the offline ones (unknown ids: never seen). */
  async presenceOf(userIds: readonly string[]): Promise<Presence[]> {
    const online = await this.lookup(userIds);
    const offline = userIds.filter((id) => !online.has(id));
    const seen = offline.length
      ? await this.db.all<{ id: string; lastSeenAt: Date | null }>(sql`SELECT "id", "lastSeenAt" FROM "users" WHERE "id" IN ${list(offline)}`)
      : [];
    const lastSeen = new Map(seen.map((row) => [row.id, row.lastSeenAt ? new Date(row.lastSeenAt) : null]));
    return userIds.map((userId) => ({ userId, ...presenceState(online.get(userId), lastSeen.get(userId)) }));
  }

  private async sweep(): Promise<void> {
    if (this.sweeping || this.closing) return;
    this.sweeping = true;
    try {
      const { offline, changed } = await this.store.sweep();
      this.recovered('sweep');
      for (const change of changed) this.publisher.changed(change);
      await this.publisher.wentOffline(offline);
    } catch (error) {
      this.failed('sweep', 'Presence sweep failed (offline users are published once it works again)', error);
    } finally {
      this.sweeping = false;
    }
  }

  /**
   * Keeps this process alive in the store. When its entries were dropped meanwhile (it was taken for
   * dead after a long pause, or Redis restarted empty), its live sockets are registered again.
   */
  private async heartbeat(): Promise<void> {
    if (this.closing) return;
    try {
      const dropped = await this.store.heartbeat();
      this.recovered('heartbeat');
      const first = !this.registered;
      this.registered = true;
      if (!dropped || first) return;
      this.logger.warn('Presence entries of this process were lost; registering its sockets again');
      for (const socket of this.realtime.current?.sockets.sockets.values() ?? []) await this.socketConnected(socket as ParleySocket);
    } catch (error) {
      this.failed('heartbeat', 'Presence heartbeat failed', error);
    }
  }

  private failed(what: string, message: string, error: unknown): void {
    if (!this.failing.has(what)) this.logger.warn(`${message}: ${(error as Error).message}`);
    this.failing.add(what);
  }

  private recovered(what: string): void {
    if (this.failing.delete(what)) this.logger.log(`Presence ${what} works again`);
  }

  private stopTimers(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }
}
