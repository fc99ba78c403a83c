import { Injectable } from '@nestjs/common';
import { Rooms, SOCKET_UNAUTHORIZED, type SocketData } from '@parley/contract';
import type { ParleySocket } from '../realtime/realtime.types';
import { SocketCaps } from '../realtime/socket-caps';
import { SocketPacketGuard } from '../realtime/socket-packet-guard';
import { SocketLifetime } from './socket-lifetime';
import { TokenService } from './token.service';

type Next = (error?: Error) => void;

/**
 * Socket.IO handshake middleware: NestJS guards never see the handshake, so the access token in
 * `auth.token` is checked here (signature, expiry, account, and that its login has not ended) and
 * the connection refused with `unauthorized` when it fails. An admitted socket joins its login's
 * room (so ending the login closes it everywhere), makes room under the account's socket cap, and
 * gets its per-event guards and its lifetime (closed when the token expires unless renewed).
 */
@Injectable()
export class SocketAuthenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly caps: SocketCaps,
    private readonly guard: SocketPacketGuard,
    private readonly lifetime: SocketLifetime,
  ) {}

  readonly middleware = (socket: ParleySocket, next: Next): void => {
    this.admit(socket).then(
      (admitted) => next(admitted ? undefined : new Error(SOCKET_UNAUTHORIZED)),
      () => next(new Error(SOCKET_UNAUTHORIZED)),
    );
  };

  private async admit(socket: ParleySocket): Promise<boolean> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const grant = await this.tokens.authenticate(token);
    if (!grant) return false;
    const data: SocketData = {
      userId: grant.id,
      username: grant.username,
      sessionId: grant.sessionId,
      expiresAt: grant.expiresAt,
      connectedAt: Date.now(),
    };
    socket.data = data;
    // Checked: nothing reads it again (`auth:renew` brings its own), and every idle socket would keep a
    // bearer credential of a few hundred bytes in memory for as long as it lives.
    socket.handshake.auth = {};
    await this.caps.makeRoomFor(socket);
    await socket.join(Rooms.session(grant.sessionId));
    this.guard.install(socket);
    this.lifetime.track(socket);
    return true;
  }
}
