import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { SocketCaps } from '../realtime/socket-caps';
import { SocketPacketGuard } from '../realtime/socket-packet-guard';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { LoginThrottle } from './login-throttle';
import { RefreshGrace } from './refresh-grace';
import { SessionEntity } from './session.entity';
import { SessionSockets } from './session-sockets';
import { SessionsService } from './sessions.service';
import { SocketAuthenticator } from './socket-authenticator';
import { SocketLifetime } from './socket-lifetime';
import { TokenService } from './token.service';

@Module({
  imports: [JwtModule.register({}), TypeOrmModule.forFeature([SessionEntity]), UsersModule, RateLimitModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionsService,
    TokenService,
    RefreshGrace,
    LoginThrottle,
    SessionSockets,
    SocketAuthenticator,
    SocketLifetime,
    SocketCaps,
    SocketPacketGuard,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [TokenService, SocketAuthenticator, SessionSockets, AuthService],
})
export class AuthModule {}
