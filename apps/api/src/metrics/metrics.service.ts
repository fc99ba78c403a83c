import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * This process's Prometheus instruments. They are always recorded (an observation costs well under a
 * microsecond) and only exposed when metrics are on (see MetricsModule); every process has its own, so a
 * scrape of each process is that process's figures.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly messagesAcknowledged = new Counter({
    name: 'parley_messages_acknowledged_total',
    help: 'Sends answered with their stored message (REST and socket), repeats of an already stored send included',
    registers: [this.registry],
  });

  readonly writeBatchSize = new Histogram({
    name: 'parley_write_batch_size',
    help: 'Sends stored per write transaction (group commit)',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [this.registry],
  });

  readonly ackSeconds = new Histogram({
    name: 'parley_message_ack_seconds',
    help: 'From a send reaching the write queue to its transaction committing (when its acknowledgement goes out)',
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly httpSeconds = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'REST requests by route pattern (e.g. /api/sync, /api/conversations/:id/messages), method and status',
    labelNames: ['method', 'route', 'status'],
    buckets: SECONDS,
    registers: [this.registry],
  });

  constructor() {
    // Event-loop lag (nodejs_eventloop_lag_*), heap, GC, CPU and handles, prefixed as Node's usual names.
    collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge read at scrape time (sockets connected, whether a dependency answers). */
  gauge(name: string, help: string, labelNames: string[], collect: (gauge: Gauge) => void | Promise<void>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await collect(this);
      },
    });
  }
}
