/**
 * Timed, authenticated GETs against Parley. The clock runs from the request to the last byte of the
 * answer as it was sent (brotli or gzip, asked for as a browser does); decoding and parsing it is the
 * client's own work and comes after. Node's fetch would decode it on a stream through libuv's pool,
 * about a millisecond a page on this host that a browser (decoding natively) does not spend.
 */
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { LatencySummary } from '../bench-types';
import { summarize } from '../stats';
import type { ReadRequest } from './reads-types';

export interface Timed<T> {
  ms: number;
  status: number;
  body: T | null;
}

const agent = new Agent({ keepAlive: true });

interface Answer {
  status: number;
  encoding: string | undefined;
  bytes: Buffer;
}

function get(url: string, token: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const decoded = ({ encoding, bytes }: Answer) =>
  (encoding === 'br' ? brotliDecompressSync(bytes) : encoding === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8');

export async function timedGet<T>(url: string, request: ReadRequest): Promise<Timed<T>> {
  const started = performance.now();
  try {
    const answer = await get(`${url}${request.path}`, request.token);
    const ms = performance.now() - started;
    const ok = answer.status >= 200 && answer.status < 300;
    return { ms, status: answer.status, body: ok ? (JSON.parse(decoded(answer)) as T) : null };
  } catch {
    return { ms: performance.now() - started, status: 0, body: null };
  }
}

export interface Sampled {
  ms: LatencySummary;
  errors: number;
}

/**
 * `samples` requests one after another (one client: the cost of the request, not of a queue), after
 * `warmup` untimed ones: a read's first requests compile its code paths and fill caches, which a
 * server that has been up for a while has done (the first request after boot is timed apart). Every
 * answer is checked, warm-up included.
 */
export async function sample(url: string, request: ReadRequest, samples: number, check: (body: unknown) => boolean = () => true, warmup = 0): Promise<Sampled> {
  const ms: number[] = [];
  let errors = 0;
  for (let i = 0; i < warmup + samples; i++) {
    const result = await timedGet(url, request);
    if (result.status !== 200 || !check(result.body)) errors++;
    else if (i >= warmup) ms.push(result.ms);
  }
  return { ms: summarize(ms), errors };
}
