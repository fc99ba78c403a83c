import { registerAs } from '@nestjs/config';
import { ConfigError, readInt } from './env';

/** Defaults that the providers reading them (WriteBacklog, HeavyReads) also fall back to when built without config. */
export const DEFAULT_WRITE_QUEUE_MAX = 1_000;
export const DEFAULT_HEAVY_READS_AT_ONCE = 2;
export const DEFAULT_WRITE_BATCH_WINDOW_MS = 3;

/**
 * What one account, one login or one address may use. The defaults never get in the way of a fast
 * typist, of a client resending 50 queued messages after a reconnect, or of an office behind one NAT.
 */
export interface LimitsConfig {
  /** Token bucket on message sends, per account (shared through Redis when configured). */
  sendBurst: number;
  sendPerSecond: number;
  /**
   * Refused sends in a row on one socket (a client ignoring retryAfterMs) before the server stops
   * reading from that socket for a while, so that a flood costs the server nothing.
   */
  sendRefusalsBeforePause: number;
  /** Events of any kind one socket may emit: a burst, then this many per second; beyond it the socket is not read from for a while. */
  socketEventBurst: number;
  socketEventsPerSecond: number;
  /** Sends one account may have waiting in a process's write queue; the rest of the queue stays for everyone else. */
  writeQueuePerUser: number;
  /**
   * Sends a process's write queue holds (about two write batches): beyond it sends are refused with
   * UNAVAILABLE and retryAfterMs, socket sends before they are even validated, so that past saturation
   * refusing costs little and the wait of what is accepted stays bounded.
   */
  writeQueueMax: number;
  /**
   * While sends keep coming (the last batch committed less than this ago), the next batch waits until
   * this long after that commit, so a steady stream goes in fewer, larger transactions; a quiet writer
   * starts at once. 0: never wait (a transaction per turn of the event loop).
   */
  writeBatchWindowMs: number;
  /** Sync pages and searches one process serves at once; the rest wait their turn (see HeavyReads). */
  heavyReadsAtOnce: number;
  /** Failed logins in a row on one account before each further attempt has to wait. */
  loginFailuresBeforeDelay: number;
  /** The first wait, doubled per further failure, never above the maximum (seconds). */
  loginDelayBaseSeconds: number;
  loginDelayMaxSeconds: number;
  /** Sockets one account may hold at once; opening one more closes the oldest. */
  maxSocketsPerUser: number;
  /** Connections from one address that have not completed the Socket.IO handshake, per process. */
  maxPendingConnectionsPerIp: number;
  /** A connection that has not completed its handshake by then is closed (ms). */
  handshakeTimeoutMs: number;
  /** JSON bodies and socket payloads nested deeper than this are refused with VALIDATION_FAILED. */
  maxJsonDepth: number;
  /** `typing` events one socket may send: a burst, then this many per second; the rest are dropped silently. */
  typingBurst: number;
  typingPerSecond: number;
}

export function readLimitsConfig(env: NodeJS.ProcessEnv = process.env): LimitsConfig {
  const config: LimitsConfig = {
    sendBurst: readInt(env, 'SEND_RATE_BURST', 50, { min: 1, max: 1_000_000 }),
    sendPerSecond: readInt(env, 'SEND_RATE_PER_SECOND', 10, { min: 1, max: 1_000_000 }),
    sendRefusalsBeforePause: readInt(env, 'SEND_REFUSALS_BEFORE_PAUSE', 50, { min: 1, max: 1_000_000 }),
    socketEventBurst: readInt(env, 'SOCKET_EVENT_BURST', 500, { min: 10, max: 1_000_000 }),
    socketEventsPerSecond: readInt(env, 'SOCKET_EVENTS_PER_SECOND', 100, { min: 1, max: 1_000_000 }),
    writeQueuePerUser: readInt(env, 'WRITE_QUEUE_PER_USER', 200, { min: 1, max: 5_000 }),
    writeQueueMax: readInt(env, 'WRITE_QUEUE_MAX', DEFAULT_WRITE_QUEUE_MAX, { min: 1, max: 100_000 }),
    writeBatchWindowMs: readInt(env, 'WRITE_BATCH_WINDOW_MS', DEFAULT_WRITE_BATCH_WINDOW_MS, { min: 0, max: 100 }),
    heavyReadsAtOnce: readInt(env, 'HEAVY_READS_AT_ONCE', DEFAULT_HEAVY_READS_AT_ONCE, { min: 1, max: 64 }),
    loginFailuresBeforeDelay: readInt(env, 'LOGIN_FAILURES_BEFORE_DELAY', 10, { min: 1, max: 30 }),
    loginDelayBaseSeconds: readInt(env, 'LOGIN_DELAY_BASE_SECONDS', 1, { min: 1, max: 3_600 }),
    loginDelayMaxSeconds: readInt(env, 'LOGIN_DELAY_MAX_SECONDS', 300, { min: 1, max: 86_400 }),
    maxSocketsPerUser: readInt(env, 'MAX_SOCKETS_PER_USER', 20, { min: 1, max: 10_000 }),
    maxPendingConnectionsPerIp: readInt(env, 'MAX_PENDING_CONNECTIONS_PER_IP', 100, { min: 1, max: 1_000_000 }),
    handshakeTimeoutMs: readInt(env, 'HANDSHAKE_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
    maxJsonDepth: readInt(env, 'MAX_JSON_DEPTH', 32, { min: 4, max: 1_000 }),
    typingBurst: readInt(env, 'TYPING_EVENT_BURST', 10, { min: 1, max: 1_000 }),
    typingPerSecond: readInt(env, 'TYPING_EVENTS_PER_SECOND', 5, { min: 1, max: 1_000 }),
  };
  if (config.loginDelayMaxSeconds < config.loginDelayBaseSeconds) {
    throw new ConfigError('LOGIN_DELAY_MAX_SECONDS must not be below LOGIN_DELAY_BASE_SECONDS');
  }
  return config;
}

export const limitsConfig = registerAs('limits', () => readLimitsConfig());
