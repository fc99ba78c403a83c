import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator';
import { withTimeout } from '../common/with-timeout';
import { RedisConnection } from '../redis/redis.module';

type Check = 'up' | 'down' | 'disabled';
const PROBE_TIMEOUT_MS = 2_000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
  ) {}

  /** Readiness for a load balancer: 200 when the database (and Redis, if configured) answer, else 503. */
  @Get()
  @ApiOkResponse({ description: '{status: "ok", checks: {database, redis}}' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down' })
  async ready(@Res({ passthrough: true }) res: Response) {
    const [database, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      this.redis.client ? probe(() => this.redis.client!.ping()) : Promise.resolve<Check>('disabled'),
    ]);
    const ok = database === 'up' && redis !== 'down';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', checks: { database, redis } };
  }

  /** Liveness: the process is running and its event loop answers. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}

async function probe(check: () => Promise<unknown>): Promise<Check> {
  try {
    await withTimeout(check(), PROBE_TIMEOUT_MS);
    return 'up';
  } catch {
    return 'down';
  }
}
