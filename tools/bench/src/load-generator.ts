/**
 * The load-generator process: one Socket.IO client per member (websocket transport), then the phases
 * the plan asks for — warm-up and measured open loop at a fixed total rate, or with --sweep a series
 * of short open-loop steps at rates sweep.ts picks, then a closed loop where each sender keeps K
 * messages in flight. Reports over the fork IPC channel (see LoadEvent).
 */
import { performance } from 'node:perf_hooks';
import { SocketEvent, type ClientToServerEvents, type ServerToClientEvents } from '@parley/contract';
import { io, type Socket } from 'socket.io-client';
import type { LoadEvent, LoadPlan, Member, PhaseName } from './bench-types';
import { PhaseRecorder } from './phase-recorder';
import { processesOfGroup } from './scenarios';
import { nextSweepRate, stepOf, type SweepStep } from './sweep';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Resolves once the event is handed to the IPC channel, so exiting right after cannot lose it. */
const report = (event: LoadEvent) => new Promise<void>((resolve) => (process.send ? process.send(event, undefined, {}, () => resolve()) : resolve()));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let current: PhaseRecorder | null = null;
/** The last ack or message:new, any phase: after an overloaded sweep step, the next waits for the backlog to clear. */
let lastEventAt = 0;

/** `recipient`: the member's index among its conversation's recipients, or null for a sender. */
function connect(url: string, member: Member, recipient: number | null): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { transports: ['websocket'], auth: member.auth, reconnection: false, forceNew: true, timeout: 20_000 });
  socket.on(SocketEvent.MessageNew, (message) => {
    lastEventAt = performance.now();
    // Parley (and the relay) also echo to the sender's own room; only the other members' copies count.
    if (recipient !== null && message.senderId !== member.userId) current?.deliveredToRecipient(message.clientMessageId, recipient, lastEventAt);
  });
  socket.on('disconnect', () => current?.disconnected());
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(new Error(`connect ${member.userId}: ${error.message}`)));
  });
}

type Drive = (recorder: PhaseRecorder, endAt: number) => Promise<number>;

async function run(plan: LoadPlan): Promise<void> {
  const { options, groups } = plan;
  const on = groups.map((g, i) => processesOfGroup(i, g.recipients.length, plan.urls.length));
  const senders = await Promise.all(groups.map((g, i) => connect(plan.urls[on[i].sender], g.sender, null)));
  const recipients = await Promise.all(groups.flatMap((g, i) => g.recipients.map((r, k) => connect(plan.urls[on[i].recipients[k]], r, k))));
  void report({ type: 'connected', sockets: senders.length + recipients.length });
  const body = 'bench '.padEnd(options.bodyBytes, 'x');
  const counters = groups.map(() => 0);

  const send = (i: number, recorder: PhaseRecorder, then?: () => void) => {
    const clientMessageId = `${recorder.phase}-${i}-${counters[i]++}`;
    recorder.sending(clientMessageId, performance.now());
    senders[i]
      .timeout(options.drainS * 1000)
      .emit(SocketEvent.MessageSend, { conversationId: groups[i].conversationId, body, clientMessageId }, (error, ack) => {
        lastEventAt = performance.now();
        recorder.acknowledged(clientMessageId, error ? null : ack, lastEventAt);
        then?.();
      });
  };

  /** Runs `drive` for `seconds`, waits for stragglers, and reports the phase. `rate`: offered, 0 for the closed loop. */
  const phase = async (name: PhaseName, seconds: number, rate: number, drive: Drive) => {
    const recorder = (current = new PhaseRecorder(name, rate, options.groupSize - 1));
    void report({ type: 'phase-start', phase: name, rate });
    const cpu = process.cpuUsage();
    const start = performance.now();
    const maxLag = await drive(recorder, start + seconds * 1000);
    recorder.closeWindow();
    const sendSeconds = (performance.now() - start) / 1000;
    const clientCpuPct = (cpuMs(process.cpuUsage(cpu)) / (sendSeconds * 1000)) * 100;
    const drainUntil = performance.now() + options.drainS * 1000;
    while (!recorder.settled && performance.now() < drainUntil) await sleep(20);
    const result = recorder.finish(sendSeconds, clientCpuPct, maxLag);
    await report({ type: 'phase-end', result });
    return result;
  };

  /** Open loop: sender i's n-th message is due at (n - i/senders) / perSender seconds, staggered over the senders. */
  const openLoop =
    (rate: number): Drive =>
    (recorder, endAt) =>
      new Promise<number>((resolve) => {
        const perSender = rate / groups.length;
        const start = performance.now();
        const sent = groups.map(() => 0);
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

  const closedLoop: Drive = async (recorder, endAt) => {
    const pump = (i: number) => performance.now() < endAt && send(i, recorder, () => pump(i));
    for (let i = 0; i < groups.length; i++) for (let k = 0; k < options.inFlight; k++) pump(i);
    await sleep(endAt - performance.now());
    return 0;
  };

  /** Until no ack or delivery has come for QUIET_MS (bounded by the drain): a failed step's backlog must not load the next. */
  const quiet = async () => {
    const until = performance.now() + options.drainS * 1000;
    while (performance.now() - lastEventAt < QUIET_MS && performance.now() < until) await sleep(20);
  };

  const sweep = options.sweep;
  if (sweep) {
    const steps: SweepStep[] = [];
    // A just-started server is slower for several seconds (JIT, caches): the fixed open loop's warm-up, at the first rate, before any step.
    if (options.warmupS > 0) await phase('warmup', options.warmupS, options.rate, openLoop(options.rate));
    for (let rate = nextSweepRate(options.rate, sweep, steps); rate !== null; rate = nextSweepRate(options.rate, sweep, steps)) {
      if (sweep.warmupS > 0) await phase('warmup', sweep.warmupS, rate, openLoop(rate));
      steps.push(stepOf(await phase('sweep', sweep.stepS, rate, openLoop(rate))));
      await quiet();
    }
  } else {
    if (options.warmupS > 0) await phase('warmup', options.warmupS, options.rate, openLoop(options.rate));
    await phase('open', options.durationS, options.rate, openLoop(options.rate));
  }
  if (options.closedS > 0) await phase('closed', options.closedS, 0, closedLoop);
  current = null;
  for (const socket of [...senders, ...recipients]) socket.disconnect();
}

const QUIET_MS = 300;
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
