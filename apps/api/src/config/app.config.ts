import { registerAs } from '@nestjs/config';
import { isAbsolute, join, resolve } from 'node:path';
import { isProduction, readBoolean, readInt, readOptionalString, readString } from './env';

export interface AppConfig {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  logLevel: string;
  /** Directory of the built web client; served when it exists. */
  webDistDir: string;
  /** Trust X-Forwarded-* from a load balancer in front (for client IPs and secure cookies). */
  trustProxy: boolean;
  /** Send the refresh cookie with the Secure flag. */
  secureCookies: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function readAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const production = isProduction(env);
  const logLevel = readString(env, 'LOG_LEVEL', 'info');
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }
  const webDist = readOptionalString(env, 'WEB_DIST_DIR');
  return {
    production,
    port: readInt(env, 'PORT', 3000, { min: 0, max: 65535 }),
    host: readString(env, 'HOST', '0.0.0.0'),
    dataDir: resolve(readString(env, 'DATA_DIR', 'data')),
    logLevel,
    // The API bundle lives in dist/apps/api, the client in dist/apps/web/browser.
    webDistDir: webDist ? (isAbsolute(webDist) ? webDist : resolve(webDist)) : join(__dirname, '..', 'web', 'browser'),
    trustProxy: readBoolean(env, 'TRUST_PROXY', false),
    secureCookies: readBoolean(env, 'SECURE_COOKIES', production),
  };
}

export const appConfig = registerAs('app', () => readAppConfig());
