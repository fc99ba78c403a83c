import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { User } from '@parley/contract';
import { ApiClient } from './support/http';
import { expectBootFailure, startServer, type TestServer } from './support/server';
import { createUser } from './support/factories';

describe('boot, health and configuration', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.dispose();
  });

  it('readiness reports the database up and Redis disabled; liveness answers', async () => {
    const server = await startServer({ database: 'sqlite' });
    servers.push(server);
    const client = new ApiClient(server);
    const health = await client.health();
    expect(health.status, health.text).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', checks: { database: 'up', redis: 'disabled' } });
    const live = await client.api('/api/health/live');
    expect(live.status, live.text).toBe(200);
  });

  it('SIGTERM shuts the process down by itself, without errors', async () => {
    const server = await startServer({ database: 'sqlite' });
    servers.push(server);
    const exit = await server.stop('SIGTERM');
    expect(exit.forced, 'the process ignored SIGTERM and had to be killed').toBe(false);
    // Nest re-raises the signal after closing, so "killed by SIGTERM" is a clean exit too; any other end is not.
    expect(exit.code === 0 || (exit.code === null && exit.signal === 'SIGTERM'), JSON.stringify(exit)).toBe(true);
    const errors = server.logs().split('\n').filter((l) => /"level":(50|60)/.test(l));
    expect(errors).toEqual([]);
  });

  it('in development without JWT_SECRET a secret is generated under DATA_DIR and survives a restart', async () => {
    const server = await startServer({ database: 'sqlite', env: { NODE_ENV: 'development', JWT_SECRET: undefined } });
    servers.push(server);
    const client = new ApiClient(server);
    const user = await createUser(client);
    await server.restart();
    const me = await client.api<User>('/api/users/me', { token: user.accessToken });
    expect(me.status, me.text).toBe(200);
    expect(me.body.id).toBe(user.user.id);
  });

  it.each([
    ['production without JWT_SECRET', { NODE_ENV: 'production', JWT_SECRET: undefined }, /JWT_SECRET/],
    ['production with a short JWT_SECRET', { NODE_ENV: 'production', JWT_SECRET: 'short-secret' }, /JWT_SECRET/],
    ['a PORT that is not a number', { NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex'), PORT: 'eighty' }, /PORT/],
    ['a DATABASE_URL of an unknown kind', { NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex'), DATABASE_URL: 'mysql://x@127.0.0.1/db' }, /DATABASE_URL/],
    ['a non-numeric ACCESS_TOKEN_TTL', { NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex'), ACCESS_TOKEN_TTL: 'soon' }, /ACCESS_TOKEN_TTL/],
    ['more SQLite reader threads than allowed', { SQLITE_READERS: '99' }, /SQLITE_READERS must be a whole number from 0 to 16/],
  ])('refuses to start with %s, naming the variable', async (_, env, mentions) => {
    const failure = await expectBootFailure(env);
    expect(failure.code, failure.output).not.toBe(0);
    expect(failure.output).toMatch(mentions);
  });

  it('does not create the default data/ directory when DATA_DIR and DATABASE_URL point elsewhere', () => {
    for (const s of servers) expect(existsSync(join(s.dataDir, 'data'))).toBe(false);
  });
});
