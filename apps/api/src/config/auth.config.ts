import { registerAs } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAppConfig } from './app.config';
import { ConfigError, ensurePrivateDir, isProduction, readInt, readOptionalString } from './env';

export interface AuthConfig {
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Signup/login/refresh attempts per minute per client IP. */
  authRateLimitPerMinute: number;
  /**
   * A just-rotated refresh token presented again within this many seconds (two tabs, a retried
   * request) gets the same successor instead of counting as a replay that ends the login.
   */
  refreshReuseGraceSeconds: number;
}

const MIN_SECRET_LENGTH = 32;
const PLACEHOLDERS = /change.?me|changeit|secret|placeholder|example|your.?secret/i;

export function readAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return {
    jwtSecret: resolveJwtSecret(env),
    accessTokenTtlSeconds: readInt(env, 'ACCESS_TOKEN_TTL', 900, { min: 1, max: 86_400 }),
    refreshTokenTtlSeconds: readInt(env, 'REFRESH_TOKEN_TTL', 30 * 86_400, { min: 60, max: 365 * 86_400 }),
    authRateLimitPerMinute: readInt(env, 'AUTH_RATE_LIMIT', 20, { min: 1, max: 1_000_000 }),
    refreshReuseGraceSeconds: readInt(env, 'REFRESH_REUSE_GRACE_SECONDS', 10, { min: 0, max: 120 }),
  };
}

/**
 * Production must be given a strong secret. In development one is generated once and kept under
 * DATA_DIR, so sessions survive restarts without any setup.
 */
function resolveJwtSecret(env: NodeJS.ProcessEnv): string {
  const given = readOptionalString(env, 'JWT_SECRET');
  if (given) {
    if (given.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    if (isProduction(env) && PLACEHOLDERS.test(given)) {
      throw new ConfigError('JWT_SECRET looks like a placeholder; generate one with `openssl rand -base64 48`');
    }
    return given;
  }
  if (isProduction(env)) {
    throw new ConfigError('JWT_SECRET is required in production (at least 32 random characters)');
  }
  const { dataDir } = readAppConfig(env);
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  ensurePrivateDir(dataDir);
  try {
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process starting at the same moment wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

export const authConfig = registerAs('auth', () => readAuthConfig());
