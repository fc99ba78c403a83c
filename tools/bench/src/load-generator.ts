/**
 * The load-generator process: one Socket.IO client per member (websocket transport), then the phases
 * the plan asks for — warm-up and measured open loop at a fixed total rate, then a closed loop where
 * each sender keeps K messages in flight. Reports over the fork IPC channel (see LoadEvent).
 */
import { performance } from 'node:perf_hooks';
import { SocketEvent, type ClientToServerEvents, type ServerToClientEvents } from '@parley/contract';
import { io, type Socket } from 'socket.io-client';
import type { LoadEvent, LoadPlan, Member, PhaseName } from './bench-types';
import { PhaseRecorder } from './phase-recorder';
import { processesOfPair } from './scenarios';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Resolves once the event is handed to the IPC channel, so exiting right after cannot lose it. */
const report = (event: LoadEvent) => new Promise<void>((resolve) => (process.send ? process.send(event, undefined, {}, () => resolve()) : resolve()));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let current: PhaseRecorder | null = null;

function connect(url: string, member: Member): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { transports: ['websocket'], auth: member.auth, reconnection: false, forceNew: true, timeout: 20_000 });
  socket.on(SocketEvent.MessageNew, (message) => {
    // Parley (and the relay) also echo to the sender's own room; only the other member's copy counts.
    if (message.senderId !== member.userId) current?.deliveredToRecipient(message.clientMessageId, performance.now());
  });
  socket.on('disconnect', () => current?.disconnected());
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(new Error(`connect ${member.userId}: ${error.message}`)));
  });
}

async function run(plan: LoadPlan): Promise<void> {
  const { options } = plan;
  const on = plan.pairs.map((_, i) => processesOfPair(i, plan.urls.length));
  const senders = await Promise.all(plan.pairs.map((p, i) => connect(plan.urls[on[i].sender], p.sender)));
  const recipients = await Promise.all(plan.pairs.map((p, i) => connect(plan.urls[on[i].recipient], p.recipient)));
  void report({ type: 'connected', sockets: senders.length + recipients.length });
  const body = 'bench '.padEnd(options.bodyBytes, 'x');
  const counters = plan.pairs.map(() => 0);

  const send = (i: number, recorder: PhaseRecorder, then?: () => void) => {
    const clientMessageId = `${recorder.phase}-${i}-${counters[i]++}`;
    recorder.sending(clientMessageId, performance.now());
    senders[i]
      .timeout(options.drainS * 1000)
      .emit(SocketEvent.MessageSend, { conversationId: plan.pairs[i].conversationId, body, clientMessageId }, (error, ack) => {
        recorder.acknowledged(clientMessageId, error ? null : ack, performance.now());
        then?.();
      });
  };

  /** Runs `drive` for `seconds`, waits for stragglers, and reports the phase. */
  const phase = async (name: PhaseName, seconds: number, drive: (recorder: PhaseRecorder, endAt: number) => Promise<number>) => {
    const recorder = (current = new PhaseRecorder(name));
    void report({ type: 'phase-start', phase: name });
    const cpu = process.cpuUsage();
    const start = performance.now();
    const maxLag = await drive(recorder, start + seconds * 1000);
    recorder.closeWindow();
    const sendSeconds = (performance.now() - start) / 1000;
    const clientCpuPct = (cpuMs(process.cpuUsage(cpu)) / (sendSeconds * 1000)) * 100;
    const drainUntil = performance.now() + options.drainS * 1000;
    while (!recorder.settled && performance.now() < drainUntil) await sleep(20);
    await report({ type: 'phase-end', result: recorder.finish(sendSeconds, clientCpuPct, maxLag) });
  };

  /** Open loop: sender i's n-th message is due at (n - i/pairs) / perSender seconds, staggered over the senders. */
  const openLoop = (recorder: PhaseRecorder, endAt: number) =>
    new Promise<number>((resolve) => {
      const perSender = options.rate / plan.pairs.length;
      const start = performance.now();
      const sent = plan.pairs.map(() => 0);
      let last = start;
      let maxLag = 0;
      const tick = () => {
        const now = performance.now();
        maxLag = Math.max(maxLag, now - last);
        last = now;
        const elapsedS = (Math.min(now, endAt) - start) / 1000;
        for (let i = 0; i < sent.length; i++) {
          const due = Math.floor(elapsedS * perSender + i / sent.length);
          for (; sent[i] < due; sent[i]++) send(i, recorder);
        }
        if (now >= endAt) resolve(maxLag);
        else setTimeout(tick, 1);
      };
      tick();
    });

  const closedLoop = async (recorder: PhaseRecorder, endAt: number) => {
    const pump = (i: number) => performance.now() < endAt && send(i, recorder, () => pump(i));
    for (let i = 0; i < plan.pairs.length; i++) for (let k = 0; k < options.inFlight; k++) pump(i);
    await sleep(endAt - performance.now());
    return 0;
  };

  if (options.warmupS > 0) await phase('warmup', options.warmupS, openLoop);
  await phase('open', options.durationS, openLoop);
  if (options.closedS > 0) await phase('closed', options.closedS, closedLoop);
  current = null;
  for (const socket of [...senders, ...recipients]) socket.disconnect();
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

process.once('message', (plan: LoadPlan) => {
  run(plan).then(
    () => report({ type: 'done' }).then(() => process.exit(0)),
    (error: unknown) =>
      report({ type: 'failed', error: error instanceof Error ? error.message : String(error) }).then(() => process.exit(1)),
  );
});
// The orchestrator went away: stop.
process.on('disconnect', () => process.exit(1));
