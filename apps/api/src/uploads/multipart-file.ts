import { ErrorCode, UploadField } from '@parley/contract';
import busboy from 'busboy';
import type { Request } from 'express';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { DomainError } from '../common/domain-error';
import { SNIFF_BYTES } from './file-type';

export interface IncomingFile {
  /** As the client named it (unsanitised). */
  filename: string | undefined;
  /** The file's bytes as they arrive; it errors (with the DomainError) when the limit is passed. */
  stream: Readable;
  /** Bytes seen so far (all of them once `stream` ended). */
  size(): number;
  /** The first SNIFF_BYTES bytes. */
  head(): Buffer;
}

export interface FileLimit {
  bytes: number;
  /** The error for going past it (too large, or past the quota). */
  error: () => DomainError;
}

/** How long a refused upload's remaining bytes are read and dropped before the connection is cut. */
export const LINGER_MS = 2_000;

const fieldError = (message: string) => DomainError.validation([{ field: UploadField, message }]);

/**
 * Reads a multipart/form-data body with exactly one part, the `file` field, and hands its bytes to
 * `consume` as they arrive: nothing is buffered beyond the stream's own window. Going past the limit
 * fails at once (the caller deals with the rest of the body: see lingerThenClose); so does a second
 * file or any other field. Resolves with `consume`'s result once the body is fully read.
 */
export function receiveFile<T>(req: Request, limit: FileLimit, consume: (file: IncomingFile) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) throw new Error('not multipart');
      // busboy reports 'limit' on reaching fileSize: one byte more than allowed is the first too many.
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 0, parts: 2, fileSize: limit.bytes + 1, headerPairs: 20 } });
    } catch {
      return reject(fieldError('must be sent as multipart/form-data with one file part'));
    }
    let consumed: Promise<T> | null = null;
    let current: PassThrough | null = null;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      current?.destroy(error as Error);
      reject(error);
    };

    parser.on('file', (field, stream, info) => {
      if (field !== UploadField || consumed) {
        stream.resume();
        return fail(field !== UploadField ? DomainError.validation([{ field, message: `is not a field of this form; send the file as "${UploadField}"` }]) : fieldError('must be exactly one file'));
      }
      let size = 0;
      const head: Buffer[] = [];
      let headBytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (headBytes < SNIFF_BYTES) {
            head.push(chunk.subarray(0, SNIFF_BYTES - headBytes));
            headBytes += Math.min(chunk.length, SNIFF_BYTES - headBytes);
          }
          done(null, chunk);
        },
      });
      const out = new PassThrough();
      // The consumer may attach to `out` a moment later: an error before then must not go unheard.
      out.on('error', () => undefined);
      counter.on('error', () => undefined);
      current = out;
      stream.on('limit', () => fail(limit.error()));
      stream.on('error', fail);
      stream.pipe(counter).pipe(out);
      consumed = consume({ filename: info.filename, stream: out, size: () => size, head: () => Buffer.concat(head) });
      consumed.catch(fail);
    });
    parser.on('field', (field) => fail(DomainError.validation([{ field, message: `is not a field of this form; send only "${UploadField}"` }])));
    parser.on('filesLimit', () => fail(fieldError('must be exactly one file')));
    parser.on('partsLimit', () => fail(fieldError('must be the only part of the form')));
    parser.on('fieldsLimit', () => fail(fieldError('must be the only part of the form')));
    parser.on('error', () => fail(new DomainError(ErrorCode.ValidationFailed, 'The multipart body is malformed', [{ field: UploadField, message: 'is not a well-formed multipart/form-data body' }])));
    parser.on('close', () => {
      if (failed) return;
      if (!consumed) return fail(fieldError('is required'));
      consumed.then(resolve, fail);
    });
    req.on('aborted', () => fail(new DomainError(ErrorCode.ValidationFailed, 'The upload was cut short', [{ field: UploadField, message: 'was cut short' }])));
    req.pipe(parser);
  });
}

/**
 * For a request refused before its body was all read. Closing the connection with the answer would make
 * the kernel reset it as the client's next bytes arrive, and a reset can destroy the answer unread in the
 * client's buffers (the client sees EPIPE instead of the 413). So, like a web server's lingering close,
 * the rest of the body is read and dropped; a body that has not ended LINGER_MS later has its connection
 * cut. One that ends in time leaves a connection as good as any other for the next request.
 */
export function lingerThenClose(req: Request): void {
  if (req.complete) return;
  req.resume();
  const cut = setTimeout(() => {
    if (!req.complete) req.socket.destroy();
  }, LINGER_MS);
  cut.unref();
  req.once('end', () => clearTimeout(cut));
}
