import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { ErrorCode, SocketEvent, type SocketError, type SocketErrorAck } from '@parley/contract';
import { SocketLifetime } from '../auth/socket-lifetime';
import type { ParleySocket } from '../chat/realtime-publisher';
import { exceedsDepth } from '../common/json-depth';
import { limitsConfig } from '../config/limits.config';
import { SendRateLimiter } from '../rate-limit/send-rate-limiter';

type Ack = (answer: SocketErrorAck) => void;

/**
 * Checks every incoming event before Nest parses or validates it, so that abuse is answered at
 * the lowest cost: payloads nested too deep, events on a socket whose token expired, and sends
 * beyond the account's rate (RATE_LIMITED with `retryAfterMs`).
 */
@Injectable()
export class SocketPacketGuard {
  constructor(
    private readonly lifetime: SocketLifetime,
    private readonly sendLimiter: SendRateLimiter,
    @Inject(limitsConfig.KEY) private readonly limits: ConfigType<typeof limitsConfig>,
  ) {}

  install(socket: ParleySocket): void {
    socket.use((packet, next) => {
      const [event, ...args] = packet as unknown as [string, ...unknown[]];
      const last = args[args.length - 1];
      const refuse = (error: SocketError) => typeof last === 'function' && (last as Ack)({ ok: false, error });
      if (args.some((arg) => exceedsDepth(arg, this.limits.maxJsonDepth))) {
        return refuse({
          code: ErrorCode.ValidationFailed,
          message: `Invalid input — payload must not be nested more than ${this.limits.maxJsonDepth} levels deep`,
          details: [{ field: 'body', message: `must not be nested more than ${this.limits.maxJsonDepth} levels deep` }],
        });
      }
      if (event !== SocketEvent.AuthRenew && this.lifetime.isExpired(socket)) {
        refuse({ code: ErrorCode.Unauthenticated, message: 'Your access token expired; reconnect with a renewed one' });
        return this.lifetime.expire(socket);
      }
      if (event !== SocketEvent.MessageSend) return next();
      this.sendLimiter.tryTake(socket.data.userId).then(
        (result) => {
          if (result.ok) return next();
          refuse({ code: ErrorCode.RateLimited, message: 'You are sending too fast; please wait a moment', retryAfterMs: result.retryAfterMs });
        },
        () => next(),
      );
    });
  }
}
