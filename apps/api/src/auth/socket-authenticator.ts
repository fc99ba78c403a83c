import { Injectable } from '@nestjs/common';
import { SOCKET_UNAUTHORIZED, type SocketData } from '@parley/contract';
import type { ParleySocket } from '../chat/realtime-publisher';
import { TokenService } from './token.service';

type Next = (error?: Error) => void;

/**
 * Socket.IO handshake middleware: NestJS guards never see the handshake, so the access token in
 * `auth.token` is checked here and the connection refused with `unauthorized` when it fails.
 */
@Injectable()
export class SocketAuthenticator {
  constructor(private readonly tokens: TokenService) {}

  readonly middleware = (socket: ParleySocket, next: Next): void => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    this.tokens.authenticate(token).then(
      (user) => {
        if (!user) return next(new Error(SOCKET_UNAUTHORIZED));
        const data: SocketData = { userId: user.id, username: user.username };
        socket.data = data;
        next();
      },
      () => next(new Error(SOCKET_UNAUTHORIZED)),
    );
  };
}
