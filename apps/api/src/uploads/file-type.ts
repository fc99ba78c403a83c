import { AttachmentKind } from '@parley/contract';

type FileTypeResult = { ext: string; mime: string } | undefined;
// file-type is ESM-only; Node 20.19+ loads it through require(esm), and webpack leaves it external.
const { fileTypeFromBuffer } = require('file-type') as { fileTypeFromBuffer(data: Uint8Array): Promise<FileTypeResult> };

/** How many leading bytes the detection looks at. */
export const SNIFF_BYTES = 4_100;

/** What the bytes say they are; the request's name and Content-Type are never asked. */
export interface DetectedType {
  contentType: string;
  /** Image candidates still have to be decoded by the image library to count as images. */
  imageCandidate: boolean;
}

/** Raster formats shown inline; SVG (scriptable) and everything else is a downloaded file. */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif', 'image/heic', 'image/heif']);

/**
 * Types that a browser could render as a document or run, served only as application/octet-stream
 * (they are attachments with nosniff anyway; this is one more layer).
 */
const ACTIVE = /html|xml|svg|javascript|ecmascript|text\/|xhtml|x-shockwave/i;

export async function detectType(head: Uint8Array): Promise<DetectedType> {
  const found = head.length ? await fileTypeFromBuffer(head) : undefined;
  const mime = found?.mime ?? 'application/octet-stream';
  return { contentType: ACTIVE.test(mime) ? 'application/octet-stream' : mime, imageCandidate: IMAGE_TYPES.has(mime) };
}

/** The Content-Type a stored file is served with. */
export function servedType(kind: AttachmentKind, contentType: string): string {
  if (kind === AttachmentKind.Image) return contentType;
  return ACTIVE.test(contentType) ? 'application/octet-stream' : contentType;
}
