import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DiskFileStore } from './disk-file-store';
import { describeFileStore } from './file-store.contract';

const dirs: string[] = [];
describeFileStore('disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  dirs.push(dir);
  return { store: new DiskFileStore(dir), close: async () => rmSync(dir, { recursive: true, force: true }) };
});

describe('DiskFileStore', () => {
  it('refuses a key that could name another path (keys are the server’s own; this is a bug guard)', async () => {
    const store = new DiskFileStore(mkdtempSync(join(tmpdir(), 'parley-store-')));
    await expect(store.put('../escape', Readable.from([Buffer.from('x')]), 'text/plain')).rejects.toThrow(/Unsafe storage key/);
    await expect(store.read('a/b')).rejects.toThrow(/Unsafe storage key/);
  });

  it('leaves no temporary file behind after a failed put', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    const store = new DiskFileStore(dir);
    const failing = new Readable({ read() {} });
    failing.push(Buffer.from('partial'));
    setTimeout(() => failing.destroy(new Error('gone')), 10);
    await expect(store.put('k1', failing, 'text/plain')).rejects.toThrow();
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    expect(readdirSync(dir)).toEqual(['tmp']);
  });
});
