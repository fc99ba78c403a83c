/**
 * Idle memory: how much one more authenticated, idle socket costs a server. Each target starts with
 * its inspector open, gets its users (20 sockets per user, Parley's default cap), is read after a full
 * GC, then holds `sockets` idle connections from this process and is read again; the difference over
 * the number of sockets is the cost of one.
 */
import { performance } from 'node:perf_hooks';
import type { ClientToServerEvents, ServerToClientEvents } from '@parley/contract';
import { io, type Socket } from 'socket.io-client';
import type { Member, TargetName, Topology } from '../bench-types';
import { startParley } from '../parley-target';
import { startRelay } from '../relay-target';
import type { RunningTarget } from '../targets';
import { HeapProbe, inspectorUrl, type MemoryReading } from './heap-probe';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const SOCKETS_PER_USER = 20;
/** Handshakes in flight at once: enough to be quick, few enough not to trip the pending-connection cap. */
const CONNECT_WAVE = 200;
/** After the last connection: presence and the other per-connection work settle before the reading. */
const SETTLE_MS = 3_000;
/** Idle memory is one process's: no Redis adapter. */
const ONE_PROCESS: Topology = { processes: 1, adapter: null };

export interface IdleResult {
  target: TargetName;
  sockets: number;
  connectS: number;
  before: MemoryReading;
  after: MemoryReading;
  rssBytesPerSocket: number;
  heapBytesPerSocket: number;
}

/** Starts a target with `--inspect` (NODE_OPTIONS reaches both the relay's fork and Parley's spawn). */
async function startInspectable(name: TargetName, pairs: number): Promise<RunningTarget> {
  const saved = process.env['NODE_OPTIONS'];
  process.env['NODE_OPTIONS'] = `${saved ?? ''} --inspect=127.0.0.1:0`.trim();
  try {
    return name === 'relay' ? await startRelay(pairs, 2, ONE_PROCESS) : await startParley(name, pairs, 2, ONE_PROCESS);
  } finally {
    if (saved === undefined) delete process.env['NODE_OPTIONS'];
    else process.env['NODE_OPTIONS'] = saved;
  }
}

function connect(url: string, member: Member): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { transports: ['websocket'], auth: member.auth, reconnection: false, forceNew: true, timeout: 30_000 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(new Error(`connect ${member.userId}: ${error.message}`)));
  });
}

export async function runIdle(name: TargetName, sockets: number, log: (line: string) => void): Promise<IdleResult> {
  const users = Math.ceil(sockets / SOCKETS_PER_USER);
  const target = await startInspectable(name, Math.ceil(users / 2));
  const open: ClientSocket[] = [];
  let probe: HeapProbe | null = null;
  try {
    probe = await HeapProbe.open(await inspectorUrl(target.servers[0]));
    const members = target.groups.flatMap((g) => [g.sender, ...g.recipients]).slice(0, users);
    const before = await probe.read();
    const started = performance.now();
    for (let i = 0; i < sockets; i += CONNECT_WAVE) {
      const wave = Array.from({ length: Math.min(CONNECT_WAVE, sockets - i) }, (_, k) => members[(i + k) % members.length]);
      open.push(...(await Promise.all(wave.map((member) => connect(target.urls[0], member)))));
    }
    const connectS = (performance.now() - started) / 1000;
    log(`  ${name}: ${open.length} idle sockets connected in ${connectS.toFixed(1)} s`);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const stillConnected = open.filter((s) => s.connected).length;
    if (stillConnected !== sockets) throw new Error(`${name}: only ${stillConnected} of ${sockets} sockets stayed connected`);
    const after = await probe.read();
    return {
      target: name,
      sockets,
      connectS: Math.round(connectS * 10) / 10,
      before,
      after,
      rssBytesPerSocket: Math.round((after.rssBytes - before.rssBytes) / sockets),
      heapBytesPerSocket: Math.round((after.heapUsedBytes - before.heapUsedBytes) / sockets),
    };
  } finally {
    probe?.close();
    for (const socket of open) socket.disconnect();
    await target.stop();
  }
}
