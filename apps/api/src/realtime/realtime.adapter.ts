import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { ServerOptions } from 'socket.io';
import { createRedisClient } from '../redis/redis.module';

/** Socket payloads above this drop the connection (Socket.IO's own guard against memory abuse). */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;
const REDIS_CONNECT_TIMEOUT_MS = 5_000;

/**
 * Socket.IO server options for Parley, and the Redis adapter when REDIS_URL is set so that rooms
 * and broadcasts span every process. The websocket transport needs no sticky sessions.
 */
export class RealtimeAdapter extends IoAdapter {
  private redisAdapter?: ReturnType<typeof createAdapter>;
  private readonly logger = new Logger('RealtimeAdapter');

  constructor(app: INestApplicationContext) {
    super(app);
  }

  /** Connects the pub/sub pair; fails fast with a clear message when Redis cannot be reached at boot. */
  async connectToRedis(url: string): Promise<void> {
    const pub = createRedisClient(url, this.logger);
    const sub = pub.duplicate();
    sub.on('error', () => undefined); // reported once by `pub`; ioredis keeps reconnecting both
    try {
      await Promise.race([
        Promise.all([waitUntilReady(pub), waitUntilReady(sub)]),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), REDIS_CONNECT_TIMEOUT_MS)),
      ]);
    } catch (error) {
      pub.disconnect();
      sub.disconnect();
      throw new Error(`Cannot reach Redis at REDIS_URL (${redact(url)}): ${(error as Error).message}`);
    }
    this.redisAdapter = createAdapter(pub, sub);
  }

  override createIOServer(port: number, options?: ServerOptions) {
    const server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
      // Same-origin client: no cross-origin sockets unless an operator adds a proxy.
      cors: undefined,
    });
    if (this.redisAdapter) server.adapter(this.redisAdapter);
    return server;
  }
}

function waitUntilReady(client: ReturnType<typeof createRedisClient>): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', reject);
  });
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
