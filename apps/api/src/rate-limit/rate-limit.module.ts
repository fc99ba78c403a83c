import { Module } from '@nestjs/common';
import { AuthRateLimitGuard } from './auth-rate-limit.guard';
import { RateLimitStore } from './rate-limit.store';

@Module({ providers: [RateLimitStore, AuthRateLimitGuard], exports: [RateLimitStore, AuthRateLimitGuard] })
export class RateLimitModule {}
