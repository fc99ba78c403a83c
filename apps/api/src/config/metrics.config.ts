import { registerAs } from '@nestjs/config';
import { readBoolean, readInt } from './env';

/**
 * Prometheus metrics: off unless asked for. With METRICS_PORT they are served on that port only (keep it
 * off the public network); with METRICS=true alone, at /metrics on the main port.
 */
export interface MetricsConfig {
  enabled: boolean;
  /** A separate port for /metrics; unset: the main port. */
  port?: number;
}

export function readMetricsConfig(env: NodeJS.ProcessEnv = process.env): MetricsConfig {
  const port = env['METRICS_PORT']?.trim() ? readInt(env, 'METRICS_PORT', 0, { min: 1, max: 65_535 }) : undefined;
  return { enabled: readBoolean(env, 'METRICS', port !== undefined), port };
}

export const metricsConfig = registerAs('metrics', () => readMetricsConfig());
