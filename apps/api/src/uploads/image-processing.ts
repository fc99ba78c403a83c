import { Limits } from '@parley/contract';
import sharp from 'sharp';
import type { Readable } from 'node:stream';

export interface ProcessedImage {
  /** After EXIF orientation. */
  width: number;
  height: number;
  /** WebP, longest side at most Limits.thumbnailMaxSide, no metadata. */
  thumbnail: Buffer;
}

/** Decompression bombs: an image beyond this many pixels is kept as a plain file. */
const MAX_INPUT_PIXELS = 100_000_000;

/**
 * Reads an image's size and makes its thumbnail. sharp decodes in libuv's thread pool, never on the
 * event loop. Resolves null when the bytes do not decode as an image (it is then stored as a file).
 */
export async function processImage(source: Readable): Promise<ProcessedImage | null> {
  const input = sharp({ limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', sequentialRead: true });
  const metadataPipeline = input.clone();
  const thumbnailPipeline = input
    .clone()
    .rotate()
    .resize(Limits.thumbnailMaxSide, Limits.thumbnailMaxSide, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 });
  source.on('error', (error) => input.destroy(error));
  source.pipe(input);
  try {
    const [metadata, thumbnail] = await Promise.all([metadataPipeline.metadata(), thumbnailPipeline.toBuffer()]);
    if (!metadata.width || !metadata.height) return null;
    // EXIF orientations 5–8 turn the image a quarter: width and height swap.
    const turned = (metadata.orientation ?? 1) >= 5;
    return { width: turned ? metadata.height : metadata.width, height: turned ? metadata.width : metadata.height, thumbnail };
  } catch {
    source.destroy();
    return null;
  }
}
