import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { PrototypedExpressAdapter } from './express-adapter';
import { validateEnvironment } from './config';
import { readAppConfig } from './config/app.config';
import { readRedisConfig } from './config/redis.config';
import { quietBootLogger } from './logging/quiet-boot-logger';
import { RealtimeAdapter } from './realtime/realtime.adapter';

async function bootstrap(): Promise<void> {
  validateEnvironment();
  const config = readAppConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, new PrototypedExpressAdapter(), { bodyParser: false, bufferLogs: true });
  app.useLogger(quietBootLogger(app.get(Logger)));
  const adapter = new RealtimeAdapter(app);
  const redis = readRedisConfig();
  if (redis.url) await adapter.connectToRedis(redis.url, redis.adapter);
  app.useWebSocketAdapter(adapter);
  configureApp(app, config);
  await app.listen(config.port, config.host);
  app.get(Logger).log(`Parley listening on http://localhost:${config.port}`);
}

bootstrap().catch((error: unknown) => {
  // A bad configuration or an unreachable dependency: say so plainly and exit non-zero.
  console.error(`Parley could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
