import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { FileNotFound, type FileStore } from './file-store';

/**
 * What every FileStore must do, run against each implementation (the disk store, and the S3 store
 * against a real S3-compatible server), so the uploads code can rely on one behaviour.
 */
export function describeFileStore(name: string, open: () => Promise<{ store: FileStore; close(): Promise<void> }>): void {
  describe(`FileStore contract: ${name}`, () => {
    let store: FileStore;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(async () => {
      await close?.();
    });

    /** Bytes as a stream of small chunks, the way a request body arrives. */
    const chunked = (bytes: Buffer, size = 64 * 1024) =>
      Readable.from((function* () {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
      })());

    it('stores a stream and reads back the same bytes (several MB, more than one S3 part)', async () => {
      const key = randomUUID();
      const bytes = randomBytes(6 * 1024 * 1024 + 123);
      await store.put(key, chunked(bytes), 'application/octet-stream');
      expect((await buffer(await store.read(key))).equals(bytes)).toBe(true);
    });

    it('reads an inclusive byte range', async () => {
      const key = randomUUID();
      const bytes = randomBytes(10_000);
      await store.put(key, chunked(bytes, 1000), 'application/octet-stream');
      expect((await buffer(await store.read(key, { start: 0, end: 0 }))).equals(bytes.subarray(0, 1))).toBe(true);
      expect((await buffer(await store.read(key, { start: 4_000, end: 5_999 }))).equals(bytes.subarray(4_000, 6_000))).toBe(true);
      expect((await buffer(await store.read(key, { start: 9_990, end: 9_999 }))).equals(bytes.subarray(9_990))).toBe(true);
    });

    it('stores an empty file', async () => {
      const key = randomUUID();
      await store.put(key, Readable.from([]), 'application/octet-stream');
      expect((await buffer(await store.read(key))).length).toBe(0);
    });

    it('answers FileNotFound for a key it never stored', async () => {
      await expect(store.read(randomUUID())).rejects.toBeInstanceOf(FileNotFound);
    });

    it('deletes, and deleting what is not there succeeds', async () => {
      const key = randomUUID();
      await store.put(key, Readable.from([Buffer.from('bye')]), 'text/plain');
      await store.delete(key);
      await expect(store.read(key)).rejects.toBeInstanceOf(FileNotFound);
      await expect(store.delete(key)).resolves.toBeUndefined();
      await expect(store.delete(randomUUID())).resolves.toBeUndefined();
    });

    it('a source that fails mid-way fails the put and leaves nothing readable', async () => {
      const key = randomUUID();
      const failing = new Readable({ read() {} });
      failing.push(randomBytes(100_000));
      setTimeout(() => failing.destroy(new Error('client went away')), 20);
      await expect(store.put(key, failing, 'application/octet-stream')).rejects.toThrow();
      await expect(store.read(key)).rejects.toBeInstanceOf(FileNotFound);
    });
  });
}
