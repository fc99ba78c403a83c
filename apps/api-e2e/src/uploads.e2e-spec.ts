import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { randomBytes } from 'node:crypto';
import { AttachmentKind, ErrorCode, Limits, type Attachment } from '@parley/contract';
import { ApiClient } from './support/http';
import { databaseKinds, startServer, type TestServer } from './support/server';
import { createUser, type TestUser } from './support/factories';
import { expectApiError } from './support/expectations';
import { download, linkSigner, makePng, makeRotatedJpeg, memoryOf, streamLargeUpload, upload, uploadOk } from './support/uploads';

const signedParts = (link: string) => {
  const url = new URL(link, 'http://x');
  return { path: url.pathname, exp: url.searchParams.get('exp')!, sig: url.searchParams.get('sig')! };
};

function expectSafeHeaders(headers: Headers): void {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
}

describe.each(databaseKinds)('uploading and serving files (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startServer({ database, env: { UPLOADS_PER_MINUTE: '1000' } });
    client = new ApiClient(server);
    [alice, bob] = [await createUser(client), await createUser(client)];
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('stores a PNG as an image with its size and a thumbnail; its link serves the same bytes inline as image/png', async () => {
    const png = await makePng(640, 200);
    const res = await upload(client, alice, png, { name: 'banner.png', type: 'image/png' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'banner.png',
      size: png.length,
      contentType: 'image/png',
      kind: AttachmentKind.Image,
      width: 640,
      height: 200,
      url: expect.stringMatching(/^\/api\/files\/[0-9a-f-]{36}\?exp=\d+&sig=[\w-]+$/),
      thumbnailUrl: expect.stringMatching(/^\/api\/files\/[0-9a-f-]{36}\/thumbnail\?exp=\d+&sig=[\w-]+$/),
    } satisfies Attachment);
    const file = await download(client, res.body.url);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(png)).toBe(true);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="banner.png"/);
    expect(file.headers.get('cache-control')).toMatch(/^private, max-age=\d+/);
    expectSafeHeaders(file.headers);
    const thumbnail = await download(client, res.body.thumbnailUrl!);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    expectSafeHeaders(thumbnail.headers);
    const meta = await sharp(thumbnail.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 480, 150]);
  });

  it('applies the EXIF orientation: sizes are as viewed, the thumbnail is upright, within the bound and has no metadata', async () => {
    const jpeg = await makeRotatedJpeg(1200, 800);
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const attachment = await uploadOk(client, alice, jpeg, { name: 'IMG_0001.JPG', type: 'image/jpeg' });
    expect(attachment).toMatchObject({ kind: 'image', contentType: 'image/jpeg', width: 800, height: 1200 });
    const thumbnail = await download(client, attachment.thumbnailUrl!);
    const meta = await sharp(thumbnail.bytes).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(Limits.thumbnailMaxSide);
    expect(meta.height!).toBeGreaterThan(meta.width!);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(thumbnail.bytes.includes('secret-exif-marker')).toBe(false);
  });

  it('an HTML page named cat.png and sent as image/png is a file, served as a nosniff download, never as HTML or inline', async () => {
    const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
    const attachment = await uploadOk(client, alice, html, { name: 'cat.png', type: 'image/png' });
    expect(attachment).toMatchObject({ kind: AttachmentKind.File, name: 'cat.png', contentType: 'application/octet-stream', size: html.length });
    expect(attachment.thumbnailUrl).toBeUndefined();
    expect(attachment.width).toBeUndefined();
    const file = await download(client, attachment.url);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(html)).toBe(true);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="cat.png"/);
    expectSafeHeaders(file.headers);
  });

  it('an SVG with a script is a file too (never rendered)', async () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>');
    const attachment = await uploadOk(client, alice, svg, { name: 'logo.svg', type: 'image/svg+xml' });
    expect(attachment).toMatchObject({ kind: AttachmentKind.File, name: 'logo.svg' });
    expect(attachment.contentType).not.toMatch(/svg|xml|html/);
    const file = await download(client, attachment.url);
    expect(file.headers.get('content-type')).not.toMatch(/svg|xml|html/);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expectSafeHeaders(file.headers);
  });

  it('a PNG that does not decode is a file of that type, downloaded, with no thumbnail', async () => {
    const png = await makePng(300, 300);
    const broken = png.subarray(0, Math.floor(png.length / 2));
    const attachment = await uploadOk(client, alice, broken, { name: 'broken.png' });
    expect(attachment).toMatchObject({ kind: AttachmentKind.File, contentType: 'image/png' });
    expect(attachment.thumbnailUrl).toBeUndefined();
    const file = await download(client, attachment.url);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expectSafeHeaders(file.headers);
  });

  it('detects a PDF from its bytes whatever its name, and cleans the name of paths and control characters', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000)]);
    const attachment = await uploadOk(client, alice, pdf, { name: '../../etc/re\u202Eport.txt', type: 'text/plain' });
    expect(attachment).toMatchObject({ kind: 'file', contentType: 'application/pdf', name: 'report.txt' });
  });

  it('an expired, altered or foreign link is refused (403) and a deleted file is 404', async () => {
    const secret = Buffer.from(randomBytes(300));
    const mine = await uploadOk(client, alice, secret, { name: 'secret.bin' });
    const other = await uploadOk(client, bob, randomBytes(10), { name: 'other.bin' });
    const { path, exp, sig } = signedParts(mine.url);
    const sign = linkSigner(server.jwtSecret);
    const past = Math.floor(Date.now() / 1000) - 60;
    // A correctly signed link whose time is over.
    expect((await download(client, `${path}?exp=${past}&sig=${sign(mine.id, 'original', past)}`)).status).toBe(403);
    // A longer life claimed without the key; a signature changed; none at all.
    expect((await download(client, `${path}?exp=${Number(exp) + 3600}&sig=${sig}`)).status).toBe(403);
    expect((await download(client, `${path}?exp=${exp}&sig=${sig.slice(0, -2)}AA`)).status).toBe(403);
    expect((await download(client, path)).status).toBe(403);
    // Another file's signature on my id, the original's signature on the thumbnail route.
    expect((await download(client, `${path}?${new URL(other.url, 'http://x').searchParams}`)).status).toBe(403);
    expect((await download(client, `${path}/thumbnail?exp=${exp}&sig=${sig}`)).status).toBe(403);
    expect((await download(client, `/api/files/not-a-uuid?exp=${exp}&sig=${sig}`)).status).toBe(400);
    // A file with no thumbnail, through a valid thumbnail signature, and an unknown id: 404.
    expect((await download(client, `${path}/thumbnail?exp=${exp}&sig=${sign(mine.id, 'thumbnail', Number(exp))}`)).status).toBe(404);
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect((await download(client, `/api/files/${ghost}?exp=${exp}&sig=${sign(ghost, 'original', Number(exp))}`)).status).toBe(404);
  });

  it('GET /api/uploads/:id gives the uploader fresh links to an unattached upload, and nobody else anything (404)', async () => {
    const attachment = await uploadOk(client, alice, randomBytes(50), { name: 'a.bin' });
    const fresh = await client.api<Attachment>(`/api/uploads/${attachment.id}`, { token: alice.accessToken });
    expect(fresh.status).toBe(200);
    expect(fresh.body).toEqual(attachment);
    expectApiError(await client.api(`/api/uploads/${attachment.id}`, { token: bob.accessToken }), 404, ErrorCode.NotFound);
    expectApiError(await client.api(`/api/uploads/${attachment.id}`), 401, ErrorCode.Unauthenticated);
    expectApiError(await client.api('/api/uploads/nope', { token: alice.accessToken }), 400, ErrorCode.ValidationFailed, ['id']);
  });

  it('serves byte ranges of a large file (206 with Content-Range), and 416 past its end', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const attachment = await uploadOk(client, alice, bytes, { name: 'video.bin' });
    const whole = await download(client, attachment.url);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.bytes.equals(bytes)).toBe(true);
    const middle = await download(client, attachment.url, { range: 'bytes=1000000-1000999' });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe(`bytes 1000000-1000999/${bytes.length}`);
    expect(middle.bytes.equals(bytes.subarray(1_000_000, 1_001_000))).toBe(true);
    const tail = await download(client, attachment.url, { range: 'bytes=-17' });
    expect(tail.status).toBe(206);
    expect(tail.bytes.equals(bytes.subarray(bytes.length - 17))).toBe(true);
    const past = await download(client, attachment.url, { range: `bytes=${bytes.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('refuses 30 MB uploads with 413 and limitBytes while they stream, without holding them in memory', async () => {
    const pid = server.pid!;
    const thirtyMb = 30 * 1024 * 1024;
    // Warm-up: the first large transfers of a fresh process grow its buffer pools and heap, whatever the route does.
    expect((await streamLargeUpload(server.url, alice.accessToken, 8 * 1024 * 1024)).status).toBe(201);
    const first = await streamLargeUpload(server.url, alice.accessToken, thirtyMb);
    expect(first.status).toBe(413);
    expect(JSON.parse(first.body)).toMatchObject({ statusCode: 413, code: ErrorCode.PayloadTooLarge, limitBytes: 25 * 1024 * 1024 });
    expect(first.sentBytes, 'answered before the body was all sent').toBeLessThan(thirtyMb);
    // Four at once: a server that held each body up to the limit would need 100 MB more at its peak.
    const before = memoryOf(pid);
    const refused = await Promise.all([1, 2, 3, 4].map(() => streamLargeUpload(server.url, alice.accessToken, thirtyMb)));
    expect(refused.map((r) => r.status)).toEqual([413, 413, 413, 413]);
    const after = memoryOf(pid);
    expect(after.peakKb - before.peakKb, `peak RSS ${before.peakKb} → ${after.peakKb} kB`).toBeLessThan(40 * 1024);
    // And the server is fine and still accepts uploads.
    await uploadOk(client, alice, randomBytes(10));
  });
});
