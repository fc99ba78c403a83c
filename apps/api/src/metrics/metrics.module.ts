import { Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createServer, type Server } from 'node:http';
import { DataSource } from 'typeorm';
import { withTimeout } from '../common/with-timeout';
import { appConfig } from '../config/app.config';
import { metricsConfig } from '../config/metrics.config';
import { HeavyReads } from '../database/heavy-reads';
import { RealtimeServer } from '../realtime/realtime-server';
import { WriteBacklog } from '../realtime/write-backlog';
import { RedisConnection } from '../redis/redis.module';
import { serveMetrics } from './metrics-http';
import { Metrics } from './metrics.service';

const PROBE_TIMEOUT_MS = 1_000;

/** The gauges read at scrape time, and /metrics on its own port when METRICS_PORT is set. */
@Injectable()
export class MetricsExporter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: Server | null = null;

  constructor(
    private readonly metrics: Metrics,
    private readonly realtime: RealtimeServer,
    private readonly backlog: WriteBacklog,
    private readonly heavyReads: HeavyReads,
    private readonly redis: RedisConnection,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(metricsConfig.KEY) private readonly config: ConfigType<typeof metricsConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {
    metrics.gauge('parley_sockets_connected', 'Authenticated sockets connected to this process', [], (gauge) => {
      gauge.set(this.realtime.current?.of('/').sockets.size ?? 0);
    });
    metrics.gauge('parley_write_queue_waiting', 'Sends waiting for the database on this process (group commit queue)', [], (gauge) => {
      gauge.set(this.backlog.waiting);
    });
    metrics.gauge('parley_heavy_reads_waiting', 'Sync pages and searches waiting for their turn on this process (HEAVY_READS_AT_ONCE)', [], (gauge) => {
      gauge.set(this.heavyReads.waiting);
    });
    metrics.gauge('parley_dependency_up', '1 when the dependency answers (the database: a query within 1 s; Redis: a ready connection), else 0', ['dependency'], async (gauge) => {
      const database = await withTimeout(this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS).then(() => 1, () => 0);
      gauge.set({ dependency: 'database' }, database);
      if (this.redis.client) gauge.set({ dependency: 'redis' }, this.redis.client.status === 'ready' ? 1 : 0);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled || this.config.port === undefined) return;
    const serve = serveMetrics(this.metrics);
    const server = createServer((req, res) => (req.url?.split('?')[0] === '/metrics' ? serve(req, res) : res.writeHead(404).end()));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, this.app.host, () => resolve());
    });
    this.logger.log(`Metrics on http://${this.app.host}:${this.config.port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}

@Global()
@Module({
  providers: [Metrics, MetricsExporter],
  exports: [Metrics],
})
export class MetricsModule {}
