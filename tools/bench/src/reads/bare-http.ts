/**
 * The floor for the reads: a bare node:http server in its own process that answers every GET with a
 * body the size of `GET /api/users/me`, no framework, no database. Timed with the same client as
 * Parley's reads, it shows what this machine's loopback, scheduler and client cost by themselves,
 * which an absolute target (a page in under 5 ms at p99) has to be read against.
 * Reports `{ port }` on IPC once listening.
 */
import { createServer } from 'node:http';

const BODY = JSON.stringify({
  id: '00000000-0000-4000-8000-000000000000',
  username: 'reads_probe',
  displayName: 'Reads Probe',
  createdAt: new Date(0).toISOString(),
  online: false,
  lastSeenAt: null,
});

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(BODY) });
  res.end(BODY);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
