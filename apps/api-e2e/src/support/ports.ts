import { createServer } from 'node:net';

/** A port that was free a moment ago (the OS picks it); the caller retries if someone takes it first. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const address = srv.address();
      if (address === null || typeof address === 'string') {
        srv.close();
        reject(new Error('could not read the chosen port'));
        return;
      }
      srv.close(() => resolve(address.port));
    });
  });
}
