import compression from 'compression';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

/** Below this, compressing costs more than it saves (headers, CPU); most single-object replies stay under it. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/**
 * Up to this size a JSON answer is compressed on the event loop: at most about 0.2 ms (brotli at
 * quality 3 does about 190 KB a millisecond here), less than a round trip to libuv's pool once its
 * threads sleep. A larger one (a sync page, a long conversation list) is compressed on the pool.
 */
export const COMPRESS_ON_LOOP_MAX_BYTES = 32 * 1024;

/**
 * Levels for answers compressed per request. Brotli 3 rather than the compression library's 4: on
 * Parley's pages it costs about 45% less CPU for 2–3% more bytes (a 24 KB history page 0.23 → 0.13 ms,
 * 3,211 → 3,264 bytes; a 364 KB sync page 4.5 → 2.6 ms, 46.7 → 47.9 KB), CPU the event loop and the
 * reader threads share with libuv's pool on a small machine.
 */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 3 } };
const GZIP = { level: 6 };

type Encoding = 'br' | 'gzip';

const isApi = (req: Request) => req.path.startsWith('/api') && !req.path.startsWith('/api/files/');

/**
 * gzip or brotli for API responses (message pages, conversation lists) above a small size. The web
 * client's files are compressed at build time instead (web-client-files.ts), so they are left alone here,
 * and stored files are sent as they are (Range requests need their real byte offsets).
 *
 * A JSON answer is whole before it is sent, so it is compressed in one call and sent with its length:
 * the compression stream took a few trips between the event loop and libuv's pool for each answer, and
 * the latest page of a conversation came back later for it (the bench, `--reads`). The stream stays for
 * what is sent in pieces (the OpenAPI page's assets); it leaves an answer already encoded alone.
 */
export function compressApiResponses(): RequestHandler[] {
  return [
    compression({ threshold: COMPRESS_THRESHOLD_BYTES, filter: (req: Request, res: Response) => isApi(req) && compression.filter(req, res) }),
    compressJsonWhole,
  ];
}

function compressJsonWhole(req: Request, res: Response, next: NextFunction): void {
  if (isApi(req)) res.json = (value: unknown) => sendJson(req, res, value);
  next();
}

/** What Express's `res.json` does (JSON.stringify: Parley sets no replacer, spacing or escaping), compressed when it pays. */
function sendJson(req: Request, res: Response, value: unknown): Response {
  const text = JSON.stringify(value);
  if (text === undefined) return res.send();
  if (!res.get('Content-Type')) res.type('application/json; charset=utf-8');
  res.vary('Accept-Encoding');
  const body = Buffer.from(text);
  const encoding = body.length >= COMPRESS_THRESHOLD_BYTES && req.method !== 'HEAD' ? acceptedEncoding(req) : null;
  if (!encoding) return res.send(body);
  if (body.length <= COMPRESS_ON_LOOP_MAX_BYTES) return res.set('Content-Encoding', encoding).send(compressNow(body, encoding));
  compressOnPool(body, encoding, (error, compressed) => {
    if (res.headersSent || res.destroyed) return;
    if (error) res.send(body);
    else res.set('Content-Encoding', encoding).send(compressed);
  });
  return res;
}

/** brotli where the client takes it (the smaller), else gzip, else none. */
function acceptedEncoding(req: Request): Encoding | null {
  if (req.acceptsEncodings('br')) return 'br';
  if (req.acceptsEncodings('gzip')) return 'gzip';
  return null;
}

const compressNow = (body: Buffer, encoding: Encoding) => (encoding === 'br' ? brotliCompressSync(body, BROTLI) : gzipSync(body, GZIP));

function compressOnPool(body: Buffer, encoding: Encoding, done: (error: Error | null, compressed: Buffer) => void): void {
  if (encoding === 'br') brotliCompress(body, BROTLI, done);
  else gzip(body, GZIP, done);
}
