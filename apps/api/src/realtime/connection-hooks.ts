import { Injectable, Logger } from '@nestjs/common';
import { Rooms } from '@parley/contract';
import type { ParleySocket } from './realtime.types';
import { sharedSocketListener } from './shared-socket-listener';

/** What a feature does when an authenticated socket connects and when it goes away. */
export interface SocketLifecycle {
  /** Runs after the socket joined its user's room; the socket may already be gone by then (check `socket.connected`). */
  socketConnected?(socket: ParleySocket): void | Promise<void>;
  socketDisconnected?(socket: ParleySocket): void | Promise<void>;
}

/**
 * The one place connection and disconnection are handled: the gateway hands every admitted socket
 * here, and the features (presence, typing) register what they do. A hook that fails is logged and
 * never stops the others, or the socket.
 */
@Injectable()
export class ConnectionHooks {
  private readonly logger = new Logger('ConnectionHooks');
  private readonly lifecycles: SocketLifecycle[] = [];

  register(lifecycle: SocketLifecycle): void {
    this.lifecycles.push(lifecycle);
  }

  async connected(socket: ParleySocket): Promise<void> {
    // Listened for first, so a socket that drops while the hooks below run is still cleaned up.
    socket.on('disconnect', this.onDisconnect);
    await socket.join(Rooms.user(socket.data.userId));
    for (const lifecycle of this.lifecycles) await this.run(socket, () => lifecycle.socketConnected?.(socket));
  }

  /** A socket disconnects once: then every feature's hook runs. */
  private readonly onDisconnect = sharedSocketListener((socket) => {
    for (const lifecycle of this.lifecycles) void this.run(socket, () => lifecycle.socketDisconnected?.(socket));
  });

  private async run(socket: ParleySocket, hook: () => void | Promise<void>): Promise<void> {
    try {
      await hook();
    } catch (error) {
      this.logger.warn({ socketId: socket.id, err: error }, 'A socket hook failed');
    }
  }
}
