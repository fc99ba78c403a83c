import { Global, Module } from '@nestjs/common';
import { AuthRateLimitGuard } from './auth-rate-limit.guard';
import { RateLimitStore } from './rate-limit.store';
import { SendRateLimitGuard } from './send-rate-limit.guard';
import { SendRateLimiter } from './send-rate-limiter';

/** Global: the send limit guards routes and events of the chat module without it importing this one. */
@Global()
@Module({
  providers: [RateLimitStore, AuthRateLimitGuard, SendRateLimiter, SendRateLimitGuard],
  exports: [RateLimitStore, AuthRateLimitGuard, SendRateLimiter, SendRateLimitGuard],
})
export class RateLimitModule {}
