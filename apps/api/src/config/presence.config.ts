import { registerAs } from '@nestjs/config';
import { ConfigError, readInt } from './env';

/**
 * How fast presence follows sockets. With the defaults:
 * - online is pushed as soon as a user's first socket has connected (well within 1 s);
 * - after a clean disconnect of the last socket, offline is pushed once the grace has passed with no
 *   socket back on any process: after 3 s, within grace + sweep = 4 s (the bound is 10 s);
 * - when the process holding the last socket dies without a word (SIGKILL), another process finds its
 *   heartbeat missing after the process timeout and pushes offline: within 30 s + 1 s sweep (bound 60 s).
 */
export interface PresenceConfig {
  /** A user whose last socket went away is shown online this long, so a reload or a move to another process is no flicker (ms, at least 2 s). */
  offlineGraceMs: number;
  /** Every process checks this often for ended graces and dead processes (ms). */
  sweepIntervalMs: number;
  /** Every process renews its heartbeat in Redis this often (ms). */
  heartbeatIntervalMs: number;
  /** A process whose heartbeat is older than this is dead: its sockets are gone (ms). */
  processTimeoutMs: number;
}

/** Offline must be pushed within this long of the last socket's process dying (the documented bound). */
export const PRESENCE_CRASH_BOUND_MS = 60_000;
/** Offline must be pushed within this long of a clean disconnect of the last socket. */
export const PRESENCE_OFFLINE_BOUND_MS = 10_000;

export function readPresenceConfig(env: NodeJS.ProcessEnv = process.env): PresenceConfig {
  const config: PresenceConfig = {
    offlineGraceMs: readInt(env, 'PRESENCE_OFFLINE_GRACE_MS', 3_000, { min: 2_000, max: 8_000 }),
    sweepIntervalMs: readInt(env, 'PRESENCE_SWEEP_INTERVAL_MS', 1_000, { min: 100, max: 2_000 }),
    heartbeatIntervalMs: readInt(env, 'PRESENCE_HEARTBEAT_INTERVAL_MS', 10_000, { min: 500, max: 20_000 }),
    processTimeoutMs: readInt(env, 'PRESENCE_PROCESS_TIMEOUT_MS', 30_000, { min: 2_000, max: 50_000 }),
  };
  if (config.offlineGraceMs + config.sweepIntervalMs >= PRESENCE_OFFLINE_BOUND_MS) {
    throw new ConfigError(`PRESENCE_OFFLINE_GRACE_MS + PRESENCE_SWEEP_INTERVAL_MS must stay below ${PRESENCE_OFFLINE_BOUND_MS} ms`);
  }
  if (config.processTimeoutMs < 2 * config.heartbeatIntervalMs) {
    throw new ConfigError('PRESENCE_PROCESS_TIMEOUT_MS must be at least twice PRESENCE_HEARTBEAT_INTERVAL_MS (one late heartbeat is no death)');
  }
  // The crash bound follows from the ranges: at most 50 s + (grace + sweep < 10 s) < 60 s.
  return config;
}

export const presenceConfig = registerAs('presence', () => readPresenceConfig());
