/**
 * A redis-server of the bench's own on a free loopback port, for several processes: the shared Redis
 * carries other suites' Socket.IO traffic, which every classic adapter would decode too, and its CPU
 * could not be told apart from theirs. No persistence; stopped with the run.
 */
import { connect } from 'node:net';
import { freePort, spawnProgram, stop, type Child } from './process-control';

export interface BenchRedis {
  url: string;
  server: Child;
  stop(): Promise<void>;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
  });
}

export async function startBenchRedis(): Promise<BenchRedis> {
  const port = await freePort();
  const server = spawnProgram('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  const deadline = Date.now() + 15_000;
  while (!(await answersPing(port))) {
    if (server.process.exitCode !== null || Date.now() > deadline) {
      await stop(server);
      throw new Error(`redis-server did not start on port ${port} (is it installed?):\n${server.output()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, server, stop: () => stop(server) };
}
