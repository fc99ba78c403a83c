import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Rooms, SocketCloseReason } from '@parley/contract';
import { closeSocket } from '../auth/session-sockets';
import type { ParleySocket } from '../realtime/realtime.types';
import { withTimeout } from '../common/with-timeout';
import { limitsConfig } from '../config/limits.config';

const FETCH_TIMEOUT_MS = 2_000;

/**
 * At most MAX_SOCKETS_PER_USER sockets per account, on all processes together: the account's room
 * says how many it holds (the adapter asks every process), and opening one more closes the oldest
 * with `too_many_sockets`, which the client shows. Every socket of an account receives every
 * message, so without a cap one account could turn each message into a thousand pushes.
 */
@Injectable()
export class SocketCaps {
  private readonly logger = new Logger('SocketCaps');

  constructor(@Inject(limitsConfig.KEY) private readonly limits: ConfigType<typeof limitsConfig>) {}

  /** Run in the handshake, before `socket` joins its user's room. */
  async makeRoomFor(socket: ParleySocket): Promise<void> {
    const max = this.limits.maxSocketsPerUser;
    let existing;
    try {
      existing = await withTimeout(socket.nsp.in(Rooms.user(socket.data.userId)).fetchSockets(), FETCH_TIMEOUT_MS);
    } catch (error) {
      // Another process does not answer (Redis down): admit the socket rather than refuse everyone.
      this.logger.warn(`Could not count the sockets of an account: ${(error as Error).message}`);
      return;
    }
    const excess = existing.length - (max - 1);
    if (excess <= 0) return;
    const oldestFirst = [...existing].sort((a, b) => (a.data.connectedAt ?? 0) - (b.data.connectedAt ?? 0));
    for (const old of oldestFirst.slice(0, excess)) closeSocket(old, SocketCloseReason.TooManySockets);
  }
}
