import { Injectable } from '@nestjs/common';
import { ErrorCode, Rooms, SocketCloseReason, SocketEvent, type AuthRenewAck } from '@parley/contract';
import type { ParleySocket } from '../realtime/realtime.types';
import { closeSocket } from './session-sockets';
import { TokenService, type AccessGrant } from './token.service';

const refused = (message: string): AuthRenewAck => ({ ok: false, error: { code: ErrorCode.Unauthenticated, message } });

/**
 * A socket lives as long as its access token: at `exp` it is closed (`token_expired`) unless the
 * client renewed it first with `auth:renew` and a newer token of the same account. Renewing keeps
 * the socket, so nothing in flight is dropped.
 */
@Injectable()
export class SocketLifetime {
  private readonly timers = new WeakMap<ParleySocket, NodeJS.Timeout>();

  constructor(private readonly tokens: TokenService) {}

  track(socket: ParleySocket): void {
    this.schedule(socket);
    socket.on(SocketEvent.AuthRenew, (payload, ack) => {
      void this.renew(socket, payload).then((answer) => typeof ack === 'function' && ack(answer));
    });
    socket.once('disconnect', () => clearTimeout(this.timers.get(socket)));
  }

  /** True once the socket's token has expired: its events are refused until the timer closes it. */
  isExpired(socket: ParleySocket): boolean {
    return (socket.data.expiresAt ?? 0) <= Date.now();
  }

  expire(socket: ParleySocket): void {
    clearTimeout(this.timers.get(socket));
    if (socket.connected) closeSocket(socket, SocketCloseReason.TokenExpired);
  }

  private schedule(socket: ParleySocket): void {
    clearTimeout(this.timers.get(socket));
    const left = Math.max(0, (socket.data.expiresAt ?? 0) - Date.now());
    this.timers.set(
      socket,
      setTimeout(() => this.expire(socket), left),
    );
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
    this.schedule(socket);
    return { ok: true };
  }
}
