import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Transform, type Readable } from 'node:stream';
import type { S3StoreConfig } from '../../config/uploads.config';
import { FileNotFound, type ByteRange, type FileStore } from './file-store';

/**
 * An S3-compatible bucket through the AWS SDK v3: every process on every machine sees the same
 * files. Puts stream (multipart for large files, a part at a time in memory); reads stream too.
 */
export class S3FileStore implements FileStore {
  private readonly client: S3Client;

  constructor(private readonly config: S3StoreConfig) {
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.accessKeyId && config.secretAccessKey ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : undefined,
      // Checksums only where the API requires them: not every S3-compatible server knows the newer ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Readable, contentType: string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: key, Body: body, ContentType: contentType },
      queueSize: 1,
      partSize: 5 * 1024 * 1024,
    });
    // A failing source must fail the upload (lib-storage would otherwise wait for more data).
    const failed = new Promise<never>((_, reject) => body.once('error', reject));
    try {
      await Promise.race([upload.done(), failed]);
    } catch (error) {
      await upload.abort().catch(() => undefined);
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const result = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      const body = result.Body as Readable;
      if (!range) return body;
      // Some S3-compatible servers answer a range they do not handle (s3rver: bytes=0-0) with more than was asked.
      const served = /^bytes (\d+)-(\d+)\//.exec(result.ContentRange ?? '');
      const [from, to] = served ? [Number(served[1]), Number(served[2])] : [0, Infinity];
      if (from === range.start && to === range.end) return body;
      if (from > range.start) throw new Error(`The store served bytes ${result.ContentRange} for ${range.start}-${range.end}`);
      const slice = sliceOf(range, from);
      body.once('error', (error) => slice.destroy(error));
      return body.pipe(slice);
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
        throw new FileNotFound(key);
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
  }

  destroy(): void {
    this.client.destroy();
  }
}

/** Passes on only the bytes of `range` of a stream that starts at offset `first`. */
function sliceOf({ start, end }: ByteRange, first: number): Transform {
  let offset = first;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const from = Math.max(0, start - offset);
      const to = Math.min(chunk.length, end + 1 - offset);
      offset += chunk.length;
      done(null, to > from ? chunk.subarray(from, to) : undefined);
    },
  });
}
