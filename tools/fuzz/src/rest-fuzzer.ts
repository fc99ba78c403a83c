import { gzipSync } from 'node:zlib';
import { deepJson, mutate, randomString, randomValue, type KnownIds } from './payloads';
import type { Random } from './random';

export interface Route {
  method: string;
  /** With `{param}` placeholders, from the OpenAPI document. */
  path: string;
}

export interface RestTarget {
  url: string;
  routes: Route[];
  tokens: string[];
  ids: KnownIds;
  /** A plausible body per route, to mutate. */
  validBody(route: Route): Record<string, unknown> | undefined;
}

export interface Outcome {
  what: string;
  status: number;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/vnd.api+json', ''];

/** encodeURIComponent, except that a lone surrogate (which it refuses) becomes the invalid UTF-8 it would be. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD')) + '%ED%A0%80';
  }
}

function fillPath(r: Random, path: string, ids: KnownIds): string {
  return path.replace(/\{[^}]+\}/g, () => encode(r.chance(0.7) ? r.pick(ids.uuids) : randomString(r, ids)).slice(0, 2000));
}

function query(r: Random, ids: KnownIds): string {
  if (r.chance(0.5)) return '';
  const params = new URLSearchParams();
  for (let i = r.int(1, 4); i > 0; i--) params.append(r.pick(['q', 'limit', 'cursor', 'before', 'after', 'since', 'x', 'limit[]', '__proto__']), String(randomValue(r, ids, 0)));
  return `?${params}`;
}

/** One random request: a known route (or a method it does not have), a random or mutated body, in an odd encoding now and then. */
export async function fuzzRequest(r: Random, target: RestTarget): Promise<Outcome> {
  const route = r.pick(target.routes);
  const method = r.chance(0.85) ? route.method : r.pick(METHODS);
  const path = fillPath(r, route.path, target.ids) + query(r, target.ids);
  const headers: Record<string, string> = {};
  const auth = r.int(0, 4);
  if (auth <= 2) headers['authorization'] = `Bearer ${r.pick(target.tokens)}`;
  else if (auth === 3) headers['authorization'] = r.pick(['Bearer', 'Bearer x.y.z', 'Basic Zm9vOmJhcg==', `Bearer ${encode(randomString(r, target.ids))}`]);
  if (r.chance(0.1)) headers['cookie'] = `parley_refresh=${encode(randomString(r, target.ids)).slice(0, 300)}`;
  if (r.chance(0.05)) headers['x-forwarded-for'] = encode(randomString(r, target.ids)).slice(0, 100) || '1.2.3.4';

  let body: string | Buffer | undefined;
  let shape = 'none';
  if (method !== 'GET' && method !== 'HEAD') {
    const valid = target.validBody(route) ?? {};
    switch (r.int(0, 7)) {
      case 0:
      case 1:
        shape = 'mutated';
        body = JSON.stringify(mutate(r, target.ids, valid));
        break;
      case 2:
        shape = 'random';
        body = JSON.stringify(randomValue(r, target.ids));
        break;
      case 3:
        shape = 'deep';
        body = deepJson(r);
        break;
      case 4:
        shape = 'broken-json';
        body = JSON.stringify(valid).slice(0, r.int(0, 30)) + r.pick(['', '\u0000', '}', '{{', '"', '\\']);
        break;
      case 5:
        shape = 'gzip';
        body = r.chance(0.5) ? gzipSync(JSON.stringify(valid)) : Buffer.from(JSON.stringify(valid));
        headers['content-encoding'] = r.pick(['gzip', 'deflate', 'br', 'identity', 'gzip, gzip', 'x-nope']);
        break;
      case 6:
        shape = 'bytes';
        body = Buffer.from(Array.from({ length: r.int(1, 200) }, () => r.int(0, 255)));
        break;
      default:
        shape = 'valid';
        body = JSON.stringify(valid);
    }
    headers['content-type'] = r.chance(0.8) ? 'application/json' : r.pick(CONTENT_TYPES);
    if (!headers['content-type']) delete headers['content-type'];
  }
  const what = `${method} ${path.slice(0, 120)} (${shape})`;
  try {
    const res = await fetch(`${target.url}${path}`, { method, headers, body, signal: AbortSignal.timeout(15_000) });
    await res.arrayBuffer();
    return { what, status: res.status };
  } catch (error) {
    return { what: `${what}: ${(error as Error).message}`, status: -1 };
  }
}
