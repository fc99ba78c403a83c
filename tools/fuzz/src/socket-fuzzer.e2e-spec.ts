import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFuzzServer, type FuzzServer } from './server';
import { connectSocket } from './socket-fuzzer';

describe('the fuzzer’s handshake', () => {
  let server: FuzzServer;
  beforeAll(async () => {
    server = await startFuzzServer();
  });
  afterAll(() => server?.stop());

  it('gives up on a handshake the server drops unread (a CONNECT packet over its buffer size) instead of waiting forever', async () => {
    const started = Date.now();
    await expect(connectSocket(server.url, { token: 'x'.repeat(70_000) })).resolves.toBeNull();
    // Dropped at once, not by the 15 s deadline.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.exited()).toBeNull();
  });

  it('gives up on a refused one', async () => {
    await expect(connectSocket(server.url, { token: 'a.b.c' })).resolves.toBeNull();
  });
});
