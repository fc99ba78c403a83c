import { Injectable } from '@nestjs/common';
import type { ParleyServer } from './realtime.types';

/**
 * The Socket.IO server once the gateway has it, for the services that push. Emitting to a room goes
 * through the adapter (Redis when scaled out), so it reaches that room's sockets on every process.
 */
@Injectable()
export class RealtimeServer {
  private server: ParleyServer | null = null;

  attach(server: ParleyServer): void {
    this.server = server;
  }

  /** Null before the gateway is initialised (and in contexts without sockets). */
  get current(): ParleyServer | null {
    return this.server;
  }
}
