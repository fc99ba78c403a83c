import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, type TestServer } from './support/server';
import { expectApiError } from './support/expectations';

describe('the SPA next to the API, and the OpenAPI document', () => {
  const marker = `parley-spa-${Date.now()}`;
  let webDir: string;
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'parley-web-'));
    writeFileSync(join(webDir, 'index.html'), `<!doctype html><html><body>${marker}</body></html>`);
    writeFileSync(join(webDir, 'main-abc123.js'), 'console.log("parley");');
    server = await startServer({ database: 'sqlite', env: { WEB_DIST_DIR: webDir } });
    client = new ApiClient(server);
  });
  afterAll(async () => {
    await server?.dispose();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side routes, and the static files', async () => {
    for (const path of ['/', '/chat/3f1c0000-0000-4000-8000-000000000000', '/login']) {
      const res = await client.api(path);
      expect(res.status, path).toBe(200);
      expect(res.text, path).toContain(marker);
    }
    const js = await client.api('/main-abc123.js');
    expect(js.status).toBe(200);
    expect(js.text).toContain('parley');
  });

  it('never answers an unknown /api path with the SPA: JSON 404 (or 401 before auth)', async () => {
    for (const path of ['/api/nope', '/api/conversations/x/y/z', '/api']) {
      const res = await client.api(path);
      expect(res.text, path).not.toContain(marker);
      expect([401, 404], `${path}: ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
      if (res.status === 404) expectApiError(res, 404, ErrorCode.NotFound);
      else expectApiError(res, 401, ErrorCode.Unauthenticated);
    }
  });

  it('leaves /socket.io to Socket.IO', async () => {
    const res = await client.api('/socket.io/?EIO=4&transport=polling');
    expect(res.text).not.toContain(marker);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/"sid"/);
  });

  it('serves the OpenAPI document publicly at /api/docs-json and the UI at /api/docs', async () => {
    const json = await client.api<{ openapi: string; paths: Record<string, unknown> }>('/api/docs-json');
    expect(json.status, json.text.slice(0, 200)).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    for (const path of ['/api/auth/signup', '/api/auth/login', '/api/users', '/api/conversations', '/api/conversations/{id}/messages']) {
      expect(Object.keys(json.body.paths), path).toContain(path);
    }
    const ui = await client.api('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
  });
});
