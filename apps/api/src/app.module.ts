import { Module, RequestMethod } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { ChatModule } from './chat/chat.module';
import { configNamespaces } from './config';
import { appConfig } from './config/app.config';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { prettyRequestMessages, prettyTransport, usePrettyLogs } from './logging/pretty-logs';
import { RealtimeModule } from './realtime/realtime.module';
import { RedisModule } from './redis/redis.module';
import { UploadsModule } from './uploads/uploads.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: configNamespaces }),
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>) => ({
        pinoHttp: {
          level: app.logLevel,
          ...(usePrettyLogs(app.production) ? { transport: prettyTransport, ...prettyRequestMessages } : {}),
          genReqId: (req) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID(),
          // Never log credentials or message bodies.
          // A failed query's parameters hold password hashes and message bodies.
          redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'err.parameters', 'err.query', 'err.driverError', 'err.detail'],
          serializers: { req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }) },
        },
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        exclude: [{ path: 'health{/*path}', method: RequestMethod.GET }],
      }),
    }),
    DatabaseModule,
    RedisModule,
    RealtimeModule,
    AuthModule,
    UsersModule,
    UploadsModule,
    ChatModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
