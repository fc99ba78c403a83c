import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAuthConfig } from './auth.config';
import { readDatabaseConfig } from './database.config';
import { readAppConfig } from './app.config';
import { readRedisConfig } from './redis.config';
import { readLimitsConfig } from './limits.config';

const strongSecret = 'k'.repeat(12) + 'Zq9!vX2@pL7#mN4$wR8%tY';

describe('configuration', () => {
  it('defaults to port 3000 and SQLite under DATA_DIR', () => {
    const env = { DATA_DIR: '/tmp/parley-x' };
    expect(readAppConfig(env).port).toBe(3000);
    expect(readDatabaseConfig(env)).toEqual({ type: 'sqlite', file: '/tmp/parley-x/parley.sqlite', readers: Math.min(2, availableParallelism()) });
  });

  it('names the variable and the rule for a bad value', () => {
    expect(() => readAppConfig({ PORT: 'eighty' })).toThrow('PORT must be a whole number from 0 to 65535 (got "eighty")');
    expect(() => readDatabaseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with sqlite: or postgres:\/\//);
    expect(() => readRedisConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL must start with redis: or rediss:/);
    expect(() => readRedisConfig({ REDIS_URL: 'redis://x', REDIS_ADAPTER: 'fast' })).toThrow('REDIS_ADAPTER must be one of classic, sharded (got "fast")');
    expect(() => readRedisConfig({ REDIS_ADAPTER: 'sharded' })).toThrow(/REDIS_ADAPTER=sharded needs REDIS_URL/);
  });

  it('carries events between processes with the classic Redis adapter unless REDIS_ADAPTER says sharded', () => {
    expect(readRedisConfig({})).toEqual({ url: undefined, adapter: 'classic' });
    expect(readRedisConfig({ REDIS_URL: 'redis://h:6379' }).adapter).toBe('classic');
    expect(readRedisConfig({ REDIS_URL: 'redis://h:6379', REDIS_ADAPTER: ' Sharded ' }).adapter).toBe('sharded');
  });

  it('trusts a number of proxies or their addresses, never every X-Forwarded-For', () => {
    expect(readAppConfig({}).trustProxy).toBe(false);
    expect(readAppConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(readAppConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(readAppConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => readAppConfig({ TRUST_PROXY: '99' })).toThrow(/TRUST_PROXY must be a whole number from 0 to 10/);
  });

  it('reads sqlite: and postgres:// URLs', () => {
    expect(readDatabaseConfig({ DATABASE_URL: 'sqlite:/var/lib/p.sqlite', SQLITE_READERS: '0' })).toEqual({ type: 'sqlite', file: '/var/lib/p.sqlite', readers: 0 });
    expect(readDatabaseConfig({ DATABASE_URL: 'postgres://u@h:5432/db' })).toEqual({ type: 'postgres', url: 'postgres://u@h:5432/db' });
  });

  it('takes 0 to 16 SQLite reader threads', () => {
    expect(readDatabaseConfig({ SQLITE_READERS: '4' })).toMatchObject({ type: 'sqlite', readers: 4 });
    expect(() => readDatabaseConfig({ SQLITE_READERS: '17' })).toThrow(/SQLITE_READERS must be a whole number from 0 to 16/);
    expect(() => readDatabaseConfig({ SQLITE_READERS: 'two' })).toThrow(/SQLITE_READERS must be a whole number/);
  });

  it('refuses to start in production without a strong JWT secret', () => {
    expect(() => readAuthConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required in production/);
    expect(() => readAuthConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(() => readAuthConfig({ NODE_ENV: 'production', JWT_SECRET: 'changeme-changeme-changeme-changeme' })).toThrow(/placeholder/);
    expect(readAuthConfig({ NODE_ENV: 'production', JWT_SECRET: strongSecret }).jwtSecret).toBe(strongSecret);
  });

  it('generates a development secret once and keeps it under DATA_DIR', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    const first = readAuthConfig({ DATA_DIR: dataDir }).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readAuthConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(first);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(first);
  });

  it('has limits that leave room for a fast typist, a reconnect burst of 50 and an office behind one NAT', () => {
    const limits = readLimitsConfig({});
    expect(limits.sendBurst).toBeGreaterThanOrEqual(50);
    expect(limits.sendPerSecond).toBeGreaterThanOrEqual(10);
    expect(limits.maxSocketsPerUser).toBe(20);
    expect(limits.maxPendingConnectionsPerIp).toBeGreaterThanOrEqual(100);
    expect(limits.handshakeTimeoutMs).toBe(10_000);
    expect(limits.heavyReadsAtOnce).toBe(2);
    expect(limits.loginFailuresBeforeDelay).toBeLessThanOrEqual(30);
    expect(readAuthConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-config-')) }).refreshReuseGraceSeconds).toBe(10);
  });

  it('names the variable and the rule for a bad limit', () => {
    expect(() => readLimitsConfig({ SEND_RATE_BURST: '0' })).toThrow(/SEND_RATE_BURST must be a whole number from 1/);
    expect(() => readLimitsConfig({ HEAVY_READS_AT_ONCE: '0' })).toThrow(/HEAVY_READS_AT_ONCE must be a whole number from 1 to 64/);
    expect(() => readLimitsConfig({ LOGIN_FAILURES_BEFORE_DELAY: '100' })).toThrow(/LOGIN_FAILURES_BEFORE_DELAY must be a whole number from 1 to 30/);
    expect(() => readLimitsConfig({ LOGIN_DELAY_BASE_SECONDS: '60', LOGIN_DELAY_MAX_SECONDS: '10' })).toThrow(/LOGIN_DELAY_MAX_SECONDS must not be below/);
    expect(() => readAppConfig({ CORS_ORIGINS: 'https://ok.example, not a url' })).toThrow(/CORS_ORIGINS/);
    expect(() => readAppConfig({ CORS_ORIGINS: 'https://ok.example/path' })).toThrow(/without a path/);
    expect(readAppConfig({ CORS_ORIGINS: 'https://a.example, http://b.example:8080' }).corsOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(readAppConfig({ API_DOCS: 'false' }).apiDocs).toBe(false);
    expect(() => readAppConfig({ API_DOCS: 'maybe' })).toThrow(/API_DOCS must be true or false/);
  });
});
