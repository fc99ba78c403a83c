import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import sharp from 'sharp';
import { UploadField, type Attachment } from '@parley/contract';
import { newClientMessageId, type TestUser } from './factories';
import { ApiClient, type ApiResponse } from './http';

export interface UploadOptions {
  name?: string;
  /** The part's own Content-Type (the server must not believe it). */
  type?: string;
  /** The multipart field name (default `file`). */
  field?: string;
}

/** `POST /api/uploads` with one file part, through real fetch and FormData. */
export async function upload(client: ApiClient, user: TestUser, bytes: Uint8Array, options: UploadOptions = {}): Promise<ApiResponse<Attachment>> {
  const form = new FormData();
  form.append(options.field ?? UploadField, new Blob([new Uint8Array(bytes)], { type: options.type ?? 'application/octet-stream' }), options.name ?? 'file.bin');
  return sendForm(client, user, form);
}

export function sendForm(client: ApiClient, user: TestUser | null, form: FormData): Promise<ApiResponse<Attachment>> {
  return client.api<Attachment>('/api/uploads', { token: user?.accessToken, form, timeoutMs: 60_000 });
}

/** Uploads and insists on 201. */
export async function uploadOk(client: ApiClient, user: TestUser, bytes: Uint8Array, options: UploadOptions = {}): Promise<Attachment> {
  const res = await upload(client, user, bytes, options);
  if (res.status !== 201) throw new Error(`upload: expected 201, got ${res.status} ${res.text}`);
  return res.body;
}

export interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

/** GET a signed link (relative to the server), without any Authorization header. */
export async function download(client: ApiClient, link: string, headers: Record<string, string> = {}): Promise<Download> {
  const res = await fetch(`${client.baseUrl}${link}`, { headers, signal: AbortSignal.timeout(60_000) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A PNG of the given size (random noise, so it does not compress to nothing). */
export function makePng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .png()
    .toBuffer();
}

/** A JPEG stored sideways with EXIF orientation 6 (turn 90° clockwise to view), and a camera model in its EXIF. */
export function makeRotatedJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .jpeg()
    .withMetadata({ orientation: 6, exif: { IFD0: { Model: 'ParleyCam 9000', Copyright: 'secret-exif-marker' } } })
    .toBuffer();
}

/** The HMAC key the server derives from its JWT secret (see uploads.config.ts), to forge links in tests. */
export function linkSigner(jwtSecret: string): (id: string, variant: 'original' | 'thumbnail', exp: number) => string {
  const key = createHmac('sha256', jwtSecret).update('parley upload links v1').digest();
  return (id, variant, exp) => createHmac('sha256', key).update(`${id}\n${variant}\n${exp}`).digest('base64url');
}

/** The resident set of a process right now and at its peak (kB), from /proc (Linux). */
export function memoryOf(pid: number): { rssKb: number; peakKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
}

/**
 * Streams `totalBytes` of a multipart upload through node:http, chunk by chunk (the test never holds
 * it either), and resolves with the response as soon as it comes, even while the body is still
 * being sent (the server answers and closes early).
 */
export function streamLargeUpload(url: string, token: string, totalBytes: number): Promise<{ status: number; body: string; sentBytes: number }> {
  const boundary = '----parley-e2e-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${UploadField}"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(256 * 1024, 0x61);
  return new Promise((resolve, reject) => {
    let sent = 0;
    const req = request(`${url}/api/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        // Chunked on purpose: no Content-Length to refuse up front, so the limit must hold while streaming.
        'transfer-encoding': 'chunked',
      },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sentBytes: sent }));
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && !req.destroyed) {
        if (sent >= totalBytes) {
          req.end(tail);
          return;
        }
        const ok = req.write(sent === 0 ? Buffer.concat([head, chunk]) : chunk);
        sent += chunk.length;
        if (!ok) return void req.once('drain', pump);
      }
    };
    pump();
  });
}

/** `POST /api/conversations/:id/messages` with files (and by default an empty body). */
export function sendWithFiles(
  client: ApiClient,
  sender: TestUser,
  conversationId: string,
  attachmentIds: unknown,
  extra: Record<string, unknown> = {},
): Promise<ApiResponse<import('@parley/contract').Message>> {
  return client.api(`/api/conversations/${conversationId}/messages`, {
    token: sender.accessToken,
    body: { body: '', clientMessageId: newClientMessageId(), attachmentIds, ...extra },
  });
}
