import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error';
import { authConfig } from '../config/auth.config';
import { RateLimitStore } from './rate-limit.store';

const WINDOW_MS = 60_000;

/**
 * Slows down password guessing and signup floods: AUTH_RATE_LIMIT attempts per minute (a sliding
 * window) per client IP and route, answered 429 with Retry-After. Guessing one account from many
 * addresses is what LoginThrottle is for.
 */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  constructor(
    private readonly store: RateLimitStore,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const key = `auth:${request.ip ?? 'unknown'}:${request.route?.path ?? request.path}`;
    const { allowed, retryAfterMs } = await this.store.hit(key, WINDOW_MS, this.config.authRateLimitPerMinute);
    if (!allowed) throw DomainError.rateLimited('Too many attempts; please wait and try again', retryAfterMs);
    return true;
  }
}
