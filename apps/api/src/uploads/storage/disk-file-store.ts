import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { FileNotFound, type ByteRange, type FileStore } from './file-store';

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * Files under one directory (DATA_DIR/uploads by default). A put streams to a temporary name and
 * renames it into place when complete, so a reader never sees half a file.
 */
export class DiskFileStore implements FileStore {
  private ready: Promise<unknown> | null = null;

  constructor(private readonly dir: string) {}

  async put(key: string, body: Readable, _contentType?: string): Promise<void> {
    const path = this.path(key);
    await (this.ready ??= mkdir(join(this.dir, 'tmp'), { recursive: true, mode: 0o700 }));
    const temp = join(this.dir, 'tmp', `${randomUUID()}.part`);
    try {
      await pipeline(body, createWriteStream(temp, { mode: 0o600, flush: true }));
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.path(key);
    try {
      await stat(path);
    } catch {
      throw new FileNotFound(key);
    }
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private path(key: string): string {
    // Keys are the server's own; a key that could name another path is a bug, not input.
    if (!SAFE_KEY.test(key)) throw new Error(`Unsafe storage key ${JSON.stringify(key)}`);
    return join(this.dir, key);
  }
}
