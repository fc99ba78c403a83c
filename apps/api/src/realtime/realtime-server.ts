import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { ServerToClientEvents } from '@parley/contract';
import { redisConfig } from '../config/redis.config';
import type { ParleyServer } from './realtime.types';

/**
 * The Socket.IO server once the gateway has it, for the services that push. Emitting to a room goes
 * through the adapter (Redis when scaled out), so it reaches that room's sockets on every process.
 */
@Injectable()
export class RealtimeServer {
  private server: ParleyServer | null = null;
  private readonly emitPerRoom: boolean;

  constructor(@Inject(redisConfig.KEY) redis: ConfigType<typeof redisConfig>) {
    // The sharded adapter sends a broadcast on the room's own channel only when it names one room;
    // one naming several goes on the channel every process decodes, which is what sharding avoids.
    this.emitPerRoom = redis.adapter === 'sharded';
  }

  attach(server: ParleyServer): void {
    this.server = server;
  }

  /** Null before the gateway is initialised (and in contexts without sockets). */
  get current(): ParleyServer | null {
    return this.server;
  }

  /**
   * Emits to every socket of `rooms` on every process, encoded once per emit. With the sharded
   * adapter that is one emit per room: Parley's rooms of one emit never share a socket (a socket is
   * in one user room), so nobody receives it twice.
   */
  emit<E extends keyof ServerToClientEvents>(rooms: readonly string[], event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    if (!this.server || rooms.length === 0) return;
    const targets = this.emitPerRoom ? rooms.map((room) => [room]) : [[...rooms]];
    for (const target of targets) this.server.to(target).emit(event, ...args);
  }
}
