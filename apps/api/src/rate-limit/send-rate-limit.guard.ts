import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/current-user.decorator';
import { SendRateLimiter } from './send-rate-limiter';

/** The REST face of the per-account send limit (the socket's is SocketPacketGuard): the same bucket. */
@Injectable()
export class SendRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: SendRateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (user) await this.limiter.take(user.id);
    return true;
  }
}
