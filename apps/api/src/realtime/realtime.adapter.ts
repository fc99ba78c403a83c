import { INestApplicationContext, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { SocketEvent } from '@parley/contract';
import type { Observable } from 'rxjs';
import type { ServerOptions } from 'socket.io';
import { SessionSockets } from '../auth/session-sockets';
import { withTimeout } from '../common/with-timeout';
import { appConfig } from '../config/app.config';
import { limitsConfig } from '../config/limits.config';
import type { RedisAdapterKind } from '../config/redis.config';
import { createRedisClient } from '../redis/redis.module';
import { ConnectionLimits } from './connection-limits';

/** Socket payloads above this drop the connection (Socket.IO's own guard against memory abuse). */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;
const REDIS_CONNECT_TIMEOUT_MS = 5_000;
/** Nest's own copy of socket.io's Socket type (it pins a patch release of its own). */
type NestSocket = Parameters<IoAdapter['bindMessageHandlers']>[0];

/**
 * Socket.IO server options for Parley, and the Redis adapter when REDIS_URL is set so that rooms
 * and broadcasts span every process. The websocket transport needs no sticky sessions.
 */
export class RealtimeAdapter extends IoAdapter {
  private redisAdapter?: ReturnType<typeof createAdapter> | ReturnType<typeof createShardedAdapter>;
  private redisSubscriber?: ReturnType<typeof createRedisClient>;
  private readonly logger = new Logger('RealtimeAdapter');

  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  /** Connects the pub/sub pair; fails fast with a clear message when Redis cannot be reached at boot. */
  async connectToRedis(url: string, kind: RedisAdapterKind = 'classic'): Promise<void> {
    const pub = createRedisClient(url, this.logger);
    // The sharded adapter sends SSUBSCRIBE/SUNSUBSCRIBE whenever a room appears or goes, unawaited: while
    // Redis is down they wait in the queue for the reconnect (no retry limit) instead of failing, which
    // would be an unhandled rejection and a room this process never hears again.
    const sub = pub.duplicate({ maxRetriesPerRequest: null });
    sub.on('error', () => undefined); // reported once by `pub`; ioredis keeps reconnecting both
    try {
      await withTimeout(Promise.all([waitUntilReady(pub), waitUntilReady(sub)]), REDIS_CONNECT_TIMEOUT_MS).catch((error: Error) => {
        throw new Error(`Cannot reach Redis at REDIS_URL (${redact(url)}): ${error.message}`);
      });
      if (kind === 'sharded') await expectShardedPubSub(pub);
    } catch (error) {
      pub.disconnect();
      sub.disconnect();
      throw error;
    }
    this.redisAdapter =
      kind === 'sharded'
        ? // "dynamic": a channel per user, session and presence room, subscribed only by the processes
          // holding one of its sockets. A socket's own room stays on the common channel ("dynamic-private"
          // would add an SSUBSCRIBE per connection for it): Parley emits to one only to close another
          // process's socket over the cap. "static" would put everything on the common channel, like classic.
          createShardedAdapter(this.withSafePublish(pub), sub, { subscriptionMode: 'dynamic' })
        : createAdapter(this.withSafePublish(pub), sub);
    this.redisSubscriber = sub;
  }

  /**
   * The adapters do not handle a failed PUBLISH (classic) or SPUBLISH (sharded); while Redis is down
   * ioredis rejects it and the unhandled rejection would kill the process. Local delivery has already
   * happened and other processes' clients catch up through sync, so a lost cross-process event is
   * logged and dropped. The sharded adapter delivers locally only once SPUBLISH has settled, so while
   * Redis is not ready SPUBLISH is dropped at once instead of waiting out ioredis's retries (seconds).
   */
  private withSafePublish(pub: ReturnType<typeof createRedisClient>) {
    let warned = false;
    const drop = (error: Error) => {
      if (!warned) this.logger.warn(`Cross-process events are being dropped until Redis is back: ${error.message}`);
      warned = true;
      return 0;
    };
    pub.on('ready', () => (warned = false));
    const publish = pub.publish.bind(pub) as Publish;
    const spublish = pub.spublish.bind(pub) as Publish;
    const safe = pub as unknown as { publish: Publish; spublish: Publish };
    safe.publish = (channel, message) => publish(channel, message).catch(drop);
    safe.spublish = (channel, message) =>
      pub.status === 'ready' ? spublish(channel, message).catch(drop) : Promise.resolve(drop(new Error(`Redis is ${pub.status}`)));
    return pub;
  }

  override createIOServer(port: number, options?: ServerOptions) {
    const app = this.app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
    const limits = this.app.get<ConfigType<typeof limitsConfig>>(limitsConfig.KEY);
    const connections = new ConnectionLimits({
      trustProxy: app.trustProxy,
      allowedOrigins: app.corsOrigins,
      maxPendingPerIp: limits.maxPendingConnectionsPerIp,
    });
    const server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
      // Same-origin client: no cross-origin sockets unless CORS_ORIGINS names the page's origin.
      cors: undefined,
      allowRequest: connections.allowRequest,
      // A connection that has not completed its handshake by then is closed (Socket.IO's default is 45 s).
      connectTimeout: limits.handshakeTimeoutMs,
    });
    connections.attach(server);
    this.app.get(SessionSockets).attach(server);
    if (this.redisAdapter) server.adapter(this.redisAdapter);
    this.redisSubscriber?.on('ready', () => {
      // Back after an outage: events from other processes were lost meanwhile, so tell this
      // process's own sockets to catch up (each process tells its own).
      server.local.emit(SocketEvent.SyncNeeded);
    });
    return server;
  }

  /**
   * Nest would add a disconnect listener per gateway per socket, only to feed gateways' `handleDisconnect`.
   * Parley's gateways have none: disconnection is handled in one place, ConnectionHooks (a spec keeps
   * gateways from growing a `handleDisconnect` that would never be called).
   */
  override bindClientDisconnect(): void {
    // Nothing to bind.
  }

  /**
   * Nest's IoAdapter wires every handler of every socket through an RxJS pipeline (fromEvent, mergeMap,
   * takeUntil on a shared disconnect stream): about 110 closures and 20 subscribers per socket, most of
   * what an idle socket costs. One plain listener per handler does the same: the payload is shaped as
   * fromEvent shaped it, and the handler's answer becomes the ack (or an emitted event), as in Nest.
   */
  override bindMessageHandlers(socket: NestSocket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]);
        transform(callback(data, ack)).subscribe({
          next: (response) => answer(socket, response, isAckHandledManually ? undefined : ack),
          // Nest's exception filters have answered already; anything left is a bug worth a log line, not a crash.
          error: (error: unknown) => this.logger.error({ err: error, event: message }, 'A socket handler failed'),
        });
      });
    }
  }
}

/** What Nest does with a handler's result: `{event, data}` is emitted, anything else acknowledges. */
function answer(socket: NestSocket, response: unknown, ack: unknown): void {
  if (response === null || response === undefined) return;
  const { event, data } = response as { event?: string; data?: unknown };
  if (event) socket.emit(event, data);
  else if (typeof ack === 'function') ack(response);
}

type Publish = (channel: string, message: string | Buffer) => Promise<number>;

function waitUntilReady(client: ReturnType<typeof createRedisClient>): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', reject);
  });
}

/** SPUBLISH and SSUBSCRIBE came with Redis 7.0: refuse to start on an older server rather than lose every event. */
async function expectShardedPubSub(pub: ReturnType<typeof createRedisClient>): Promise<void> {
  try {
    await pub.spublish('parley:boot-probe', '');
  } catch (error) {
    throw new Error(`REDIS_ADAPTER=sharded needs Redis 7 or later (SPUBLISH failed: ${(error as Error).message})`);
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
