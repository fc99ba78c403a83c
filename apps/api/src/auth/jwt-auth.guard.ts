import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode } from '@parley/contract';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error';
import type { AuthenticatedRequest } from './current-user.decorator';
import { IS_PUBLIC } from './public.decorator';
import { TokenService } from './token.service';

/** Global guard: every HTTP route needs `Authorization: Bearer <accessToken>` unless marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const user = scheme?.toLowerCase() === 'bearer' ? await this.tokens.authenticate(token) : null;
    if (!user) throw new DomainError(ErrorCode.Unauthenticated, 'A valid access token is required');
    request.user = user;
    return true;
  }
}
