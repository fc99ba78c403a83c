import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { SessionEntity } from './session.entity';
import { SessionsService } from './sessions.service';
import { SocketAuthenticator } from './socket-authenticator';
import { TokenService } from './token.service';

@Module({
  imports: [JwtModule.register({}), TypeOrmModule.forFeature([SessionEntity]), UsersModule, RateLimitModule],
  controllers: [AuthController],
  providers: [AuthService, SessionsService, TokenService, SocketAuthenticator, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [TokenService, SocketAuthenticator],
})
export class AuthModule {}
