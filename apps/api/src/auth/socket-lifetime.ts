import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ErrorCode, Rooms, SocketCloseReason, SocketEvent, type AuthRenewAck } from '@parley/contract';
import type { ParleySocket } from '../realtime/realtime.types';
import { sharedSocketListener } from '../realtime/shared-socket-listener';
import { closeSocket } from './session-sockets';
import { TokenService, type AccessGrant } from './token.service';

/** How often the process looks for sockets whose token has expired: they are closed at most this late. */
export const EXPIRY_SWEEP_MS = 1_000;

const refused = (message: string): AuthRenewAck => ({ ok: false, error: { code: ErrorCode.Unauthenticated, message } });

/**
 * A socket lives as long as its access token: once past `exp` it is closed (`token_expired`) unless
 * the client renewed it first with `auth:renew` and a newer token of the same account. Renewing keeps
 * the socket, so nothing in flight is dropped.
 *
 * One sweep per process over Socket.IO's own list of this process's sockets closes the expired ones,
 * rather than a timer per socket (a timer, two closures and a listener that every idle socket would
 * carry); an expired socket's events are refused at once anyway (SocketPacketGuard asks `isExpired`).
 */
@Injectable()
export class SocketLifetime implements OnApplicationShutdown {
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly tokens: TokenService) {}

  track(socket: ParleySocket): void {
    socket.on(SocketEvent.AuthRenew, this.onRenew);
    const sockets = socket.nsp.sockets;
    this.sweeper ??= setInterval(() => this.sweep(sockets.values()), EXPIRY_SWEEP_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  private readonly onRenew = sharedSocketListener((socket, payload: unknown, ack: unknown) => {
    void this.renew(socket, payload).then((answer) => typeof ack === 'function' && ack(answer));
  });

  private sweep(sockets: Iterable<ParleySocket>): void {
    for (const socket of sockets) if (this.isExpired(socket)) this.expire(socket);
  }

  /** True once the socket's token has expired: its events are refused until the sweep closes it. */
  isExpired(socket: ParleySocket): boolean {
    return (socket.data.expiresAt ?? 0) <= Date.now();
  }

  expire(socket: ParleySocket): void {
    if (socket.connected) closeSocket(socket, SocketCloseReason.TokenExpired);
  }

  private async renew(socket: ParleySocket, payload: unknown): Promise<AuthRenewAck> {
    const token = (payload as { token?: unknown } | null)?.token;
    let grant: AccessGrant | null;
    try {
      grant = await this.tokens.authenticate(token);
    } catch {
      return { ok: false, error: { code: ErrorCode.Unavailable, message: 'Could not check the token; please retry' } };
    }
    if (!grant) return refused('That token is not valid');
    if (grant.id !== socket.data.userId) return refused('That token belongs to another account');
    if (grant.sessionId !== socket.data.sessionId) {
      if (socket.data.sessionId) await socket.leave(Rooms.session(socket.data.sessionId));
      await socket.join(Rooms.session(grant.sessionId));
      socket.data.sessionId = grant.sessionId;
    }
    socket.data.expiresAt = grant.expiresAt;
    return { ok: true };
  }
}
