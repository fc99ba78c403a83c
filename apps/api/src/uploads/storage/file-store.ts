import type { Readable } from 'node:stream';

/** Inclusive byte offsets, as in an HTTP Range. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where the bytes of uploads live: local disk (one machine) or an S3-compatible bucket (several).
 * Keys are the server's own (random ids), never a client's file name.
 */
export interface FileStore {
  /** Streams `body` to `key`; resolves once it is durably stored; rejects (and leaves nothing readable) if `body` fails. */
  put(key: string, body: Readable, contentType: string): Promise<void>;
  /** The stored bytes (or a range of them); rejects with `FileNotFound` when there are none. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes the bytes; removing what is not there succeeds (deletion is retried by the sweep). */
  delete(key: string): Promise<void>;
}

export const FILE_STORE = Symbol('FileStore');

export class FileNotFound extends Error {
  constructor(key: string) {
    super(`No stored file ${key}`);
    this.name = 'FileNotFound';
  }
}
