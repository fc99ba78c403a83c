import { registerAs } from '@nestjs/config';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError, isProduction, readBoolean, readInt, readOptionalString, readString } from './env';

export interface AppConfig {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  logLevel: string;
  /** Directory of the built web client; served when it exists. */
  webDistDir: string;
  /**
   * Express `trust proxy`: false, the number of proxies in front (1 behind one load balancer), or
   * their addresses. Never "trust everyone": a client could then pick its own IP with X-Forwarded-For.
   */
  trustProxy: false | number | string;
  /** Send the refresh cookie with the Secure flag. */
  secureCookies: boolean;
  /** Serve Swagger UI and the OpenAPI document under /api/docs. */
  apiDocs: boolean;
  /**
   * Page origins (scheme://host[:port]) allowed to open a socket besides the API's own; a client
   * that sends no Origin (a native or server-side one) is always allowed.
   */
  corsOrigins: string[];
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
    trustProxy: readTrustProxy(env),
    secureCookies: readBoolean(env, 'SECURE_COOKIES', production),
    apiDocs: readBoolean(env, 'API_DOCS', true),
    corsOrigins: readOrigins(env),
  };
}

function readOrigins(env: NodeJS.ProcessEnv): string[] {
  const raw = readString(env, 'CORS_ORIGINS', '');
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      let url: URL;
      try {
        url = new URL(entry);
      } catch {
        throw new ConfigError(`CORS_ORIGINS must be a comma-separated list of origins such as https://chat.example.com (got "${entry}")`);
      }
      if (!['http:', 'https:'].includes(url.protocol) || url.origin !== entry.replace(/\/$/, '')) {
        throw new ConfigError(`CORS_ORIGINS entries must be bare http(s) origins without a path (got "${entry}")`);
      }
      return url.origin;
    });
}

function readTrustProxy(env: NodeJS.ProcessEnv): false | number | string {
  const raw = readString(env, 'TRUST_PROXY', 'false').toLowerCase();
  if (raw === 'false' || raw === '0' || raw === 'no') return false;
  if (raw === 'true' || raw === 'yes') return 1;
  if (/^\d+$/.test(raw)) return readInt(env, 'TRUST_PROXY', 0, { min: 0, max: 10 });
  return raw; // addresses or subnets, e.g. "loopback, 10.0.0.0/8"
}

export const appConfig = registerAs('app', () => readAppConfig());
