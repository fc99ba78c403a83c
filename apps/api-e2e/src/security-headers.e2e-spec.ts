import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from './support/factories';
import { ApiClient } from './support/http';
import { startServer, type TestServer } from './support/server';

function expectSecurityHeaders(headers: Headers, what: string, hsts: boolean): void {
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("script-src 'self'");
  expect(csp, what).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(headers.get('x-frame-options'), what).toBe('DENY');
  expect(headers.get('x-powered-by'), what).toBeNull();
  if (hsts) expect(headers.get('strict-transport-security'), what).toMatch(/max-age=\d{7,}/);
  else expect(headers.get('strict-transport-security'), what).toBeNull();
}

describe('security headers, docs switch (production)', () => {
  let server: TestServer;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'parley-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><html><body><app-root></app-root><script src="main.js"></script></body></html>');
    writeFileSync(join(webDir, 'main.js'), 'console.log("hi")');
    server = await startServer({ database: 'sqlite', env: { WEB_DIST_DIR: webDir } });
  });
  afterAll(async () => {
    await server?.dispose();
    rmSync(webDir, { recursive: true, force: true });
  });

  it.each(['/', '/some/client/route', '/main.js', '/api/health', '/api/users/me', '/api/docs', '/api/docs-json', '/api/nope'])('%s has helmet headers, a strict CSP and HSTS', async (path) => {
    const res = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html,*/*' } });
    await res.arrayBuffer();
    expectSecurityHeaders(res.headers, path, true);
  });

  it('API answers are neither stored nor revalidated (no-store, no ETag); the client keeps its own caching', async () => {
    const client = new ApiClient(server);
    const alice = await createUser(client);
    const answers = [
      ['/api/users/me', alice.accessToken],
      ['/api/conversations', alice.accessToken],
      ['/api/sync?since=0', alice.accessToken],
      ['/api/users/me', null],
      ['/api/health', null],
      ['/api/nope', null],
    ] as const;
    for (const [path, token] of answers) {
      const res = await client.api(path, { token });
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      expect(res.headers.get('etag'), path).toBeNull();
    }
    // The answer that carries the tokens too.
    const login = await client.login({ username: alice.user.username, password: alice.password });
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
    const shell = await fetch(`${server.url}/some/client/route`, { headers: { accept: 'text/html' } });
    expect(shell.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${server.url}/main.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('with API_DOCS=false there is no Swagger UI and no OpenAPI document (and the API still serves)', async () => {
    await server.restart({ API_DOCS: 'false' });
    for (const path of ['/api/docs', '/api/docs-json']) expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    expect((await new ApiClient(server).health()).status).toBe(200);
  });
});

describe('development: no HSTS; a fresh DATA_DIR is 0700, the SQLite file and the generated secret 0600', () => {
  let server: TestServer;
  let parent: string;
  let dataDir: string;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'parley-perms-'));
    mkdirSync(join(parent, 'srv'), { mode: 0o755 });
    dataDir = join(parent, 'srv', 'data');
    server = await startServer({
      database: 'sqlite',
      env: { NODE_ENV: 'development', JWT_SECRET: undefined, DATABASE_URL: undefined, DATA_DIR: dataDir },
    });
  });
  afterAll(async () => {
    await server?.dispose();
    rmSync(parent, { recursive: true, force: true });
  });

  it('sends no Strict-Transport-Security outside production', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expectSecurityHeaders(res.headers, 'development', false);
  });

  it('creates the files only their owner can read', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'parley.sqlite')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });
});
