import { writeFileSync } from 'node:fs';
import { Limits, type Conversation, type Message, type MessagePage, type Page } from '@parley/contract';
import { newActionLog, performAction, type ActionLog } from './actions';
import { planChaos, runChaos, type ChaosLog } from './chaos';
import type { Device } from './device';
import { call } from './http';
import { planMembershipChanges, runMembershipChanges, type MembershipLog } from './membership';
import { parseOptions, usage, type ChaosOptions } from './options';
import { createPopulation, type SimUser } from './population';
import { Cluster } from './processes';
import { Random, sleep } from './random';
import { verifyMessageStates, type FreshHistories, type MessageStateVerdict } from './message-state';
import { passed, verify, viewsBehind, type ConversationTruth, type StoredRow, type Verdict } from './verify';

const say = (line: string) => console.log(`[chaos] ${line}`);

async function waitUntil(what: string, done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return (say(`gave up waiting for ${what}`), false);
    await sleep(100);
  }
  return true;
}

/**
 * Each device writes at a steady (Poisson) rate into a random conversation of its own list, and marks
 * one read now and then (`reads` per minute), until the deadline.
 */
async function traffic(users: SimUser[], options: ChaosOptions, random: Random, until: number, servers: () => string[], actions: ActionLog): Promise<void> {
  const devices = users.flatMap((user) => user.devices);
  const tokenOf = new Map(users.flatMap((user) => user.devices.map((d) => [d, user.token] as const)));
  const poisson = async (perSecond: number, act: (device: Device, own: Random) => void | Promise<void>) => {
    if (perSecond <= 0) return;
    await Promise.all(
      devices.map(async (device) => {
        const own = new Random(random.int(1, 2 ** 31));
        for (;;) {
          const next = Date.now() + own.gap(perSecond) * 1000;
          // A slow Poisson process (reads: a few a minute) must not sleep far past the deadline.
          await sleep(Math.min(next, until) - Date.now());
          if (Date.now() >= until) return;
          await act(device, own);
        }
      }),
    );
  };
  await Promise.all([
    poisson(options.rate, (device, own) => {
      const conversationId = device.pickConversation(own);
      if (conversationId) device.outbox.enqueue(conversationId, `chaos message ${device.outbox.entries.length + 1} from ${device.name}`);
    }),
    poisson(options.reads / 60, (device, own) => device.markRead(own)),
    poisson(options.actions / 60, (device, own) => performAction(device, tokenOf.get(device)!, servers, own, actions)),
  ]);
}

/** Every conversation's whole history as the server has it now, fetched fresh through one of its members. */
async function fetchHistories(users: SimUser[], truth: ConversationTruth, base: string): Promise<FreshHistories> {
  const histories: FreshHistories = new Map();
  for (const user of users) {
    for (const conversation of truth.get(user.id) ?? []) {
      if (histories.has(conversation.id)) continue;
      const messages: Message[] = [];
      for (let more = true; more; ) {
        const after = messages.length ? messages[messages.length - 1].seq : 0;
        const page = await call<MessagePage>(base, `/api/conversations/${conversation.id}/messages?after=${after}&limit=${Limits.messagesPageMax}`, { token: user.token });
        messages.push(...page.items);
        more = page.hasMore && page.items.length > 0;
      }
      histories.set(conversation.id, messages);
    }
  }
  return histories;
}

/** Every user's conversations as the server has them now, through a fresh fetch. */
async function fetchTruth(users: SimUser[], base: string): Promise<ConversationTruth> {
  const truth: ConversationTruth = new Map();
  for (const user of users) {
    const all: Conversation[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: Page<Conversation> = await call<Page<Conversation>>(base, `/api/conversations?limit=${Limits.conversationsPageMax}${query}`, { token: user.token });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    truth.set(user.id, all);
  }
  return truth;
}

function report(options: ChaosOptions, verdict: Verdict, chaos: ChaosLog, membership: MembershipLog, devices: Device[], behind: number, actions: ActionLog, states: MessageStateVerdict): void {
  const sum = (f: (d: Device) => number) => devices.reduce((n, d) => n + f(d), 0);
  const errorAcks: Record<string, number> = {};
  for (const d of devices) for (const [code, n] of Object.entries(d.outbox.counters.errorAcks)) errorAcks[code] = (errorAcks[code] ?? 0) + n;
  const c = verdict.counts;
  const lines = [
    `seed ${options.seed}, ${options.duration}s, ${options.users} users / ${devices.length} devices, ${options.processes} API processes`,
    `sent ${c.sent} (attempts ${c.sendAttempts}, retried ${c.retried}), acknowledged ${c.acknowledged}, unacknowledged ${c.unacknowledged}, rejected ${c.rejected}, refused after removal ${c.refusedAfterRemoval}`,
    `stored ${c.stored} (without ack ${c.storedWithoutAck}, system lines ${c.storedSystem})`,
    `membership changes ${JSON.stringify(membership.performed)} (skipped ${membership.skipped}); read markers ${sum((d) => d.counters.readMarks)} sent, ${sum((d) => d.counters.readAcks)} acknowledged, error acks ${JSON.stringify(mergeCounts(devices.map((d) => d.counters.readErrors)))}`,
    `views: ${c.viewsChecked} (device, conversation) pairs compared with a fresh GET /api/conversations, ${c.viewMismatches} mismatched (before the final sync: ${behind})`,
    `message actions ${JSON.stringify(actions.performed)} (refused ${JSON.stringify(actions.refused)}, no answer ${actions.failed}, replies refused as deleted ${c.repliesRefusedAsDeleted}); ` +
      `stored: ${states.edited} edited, ${states.deleted} deleted, ${states.withReactions} with reactions, ${states.replies} replies; ` +
      `${states.checked} (device, message) states compared with a fresh fetch, ${states.mismatches} mismatched`,
    `deliveries ${c.deliveries}: own ack ${c.deliveredByOwnAck}, delivered live ${c.deliveredLive}, recovered by catch-up ${c.recoveredByCatchUp} (sync on reconnect ${c.recoveredBySync}, gap fetch ${c.recoveredByGapFetch}, final sync ${c.recoveredByFinalSync})`,
    `lost ${c.lost}, duplicated ${c.duplicated}, reordered ${c.reordered}, seq gaps ${c.seqGaps}, missing unacked ${c.missingUnacknowledged}, phantom ${c.phantom}`,
    `chaos: ${chaos.performed.drop} connection drops (${sum((d) => d.counters.drops)} devices), ${chaos.performed.kill} API SIGKILLs, ${chaos.performed.redis} Redis restarts` +
      ` (skipped ${JSON.stringify(chaos.skipped)})`,
    `clients: ${sum((d) => d.counters.connects)} connects, ${sum((d) => d.counters.connectErrors)} connect errors, ${sum((d) => d.counters.syncRequests)} sync requests (${sum((d) => d.counters.freshStarts)} fresh starts), ` +
      `${sum((d) => d.counters.gapFetches)} gap fetches, ${sum((d) => d.outbox.counters.ackTimeouts)} ack timeouts, ${sum((d) => d.outbox.counters.disconnectsInFlight)} sends cut by a disconnect, error acks ${JSON.stringify(errorAcks)}`,
  ];
  lines.forEach((l) => say(l));
  for (const f of verdict.failures) say(`FAIL ${f}`);
  say(
    passed(verdict) && !actions.unexpected.length && !states.failures.length
      ? 'PASS: every acknowledged message reached every member device exactly once, in seq order, and every device sees the memberships, read markers and message states (edits, deletions, reactions, replies) the server has'
      : 'FAILED',
  );
}

function mergeCounts(all: Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const counts of all) for (const [key, n] of Object.entries(counts)) total[key] = (total[key] ?? 0) + n;
  return total;
}

async function main(): Promise<number> {
  if (process.argv.includes('--help')) return (console.log(usage()), 0);
  const options = parseOptions(process.argv.slice(2), process.env);
  const random = new Random(options.seed);
  say(`starting: ${JSON.stringify(options)}`);
  const cluster = await Cluster.start(options.processes, options.apiMain, options.pgUrl);
  // Ctrl-C: still stop the processes and drop the database.
  process.once('SIGINT', () => void cluster.stop().finally(() => process.exit(130)));
  let devices: Device[] = [];
  try {
    const servers = () => cluster.apis.map((a) => a.url);
    const { users, groups } = await createPopulation(options, cluster.apis[0].url, servers, random);
    devices = users.flatMap((u) => u.devices);
    devices.forEach((d) => d.connect());
    await waitUntil('every device to connect', () => devices.every((d) => d.connected), 30_000);
    say(`${users.length} users (${groups.length} groups), ${devices.length} devices connected to ${cluster.apis.length} processes; chaos for ${options.duration}s`);

    const schedule = planChaos(options, random);
    const changes = planMembershipChanges(options, random);
    const until = Date.now() + options.duration * 1000;
    const actions = newActionLog();
    const [, chaos, membership] = await Promise.all([
      traffic(users, options, random, until, servers, actions),
      runChaos(schedule, cluster, devices, random),
      runMembershipChanges(changes, groups, users, servers, new Random(random.int(1, 2 ** 31))),
    ]);
    chaos.lines.forEach((l) => say(l));
    membership.lines.forEach((l) => say(l));

    say(`chaos over; settling (up to ${options.settle}s)`);
    await cluster.heal();
    const drained = () => devices.every((d) => d.connected && d.outbox.pending === 0);
    await waitUntil('outboxes to drain', drained, options.settle * 1000);
    await sleep(2_000);
    const behind = viewsBehind(users, await fetchTruth(users, cluster.apis[0].url));
    await Promise.all(devices.map((d) => d.finalSync()));
    devices.forEach((d) => d.close());

    const rows = await cluster.db.query<StoredRow>('SELECT "id", "conversationId", "senderId", "clientMessageId", "seq", "kind" FROM "messages"');
    const truth = await fetchTruth(users, cluster.apis[0].url);
    const verdict = verify(users, rows, truth, membership);
    const states = verifyMessageStates(devices, await fetchHistories(users, truth, cluster.apis[0].url));
    verdict.failures.push(...actions.unexpected, ...states.failures);
    report(options, verdict, chaos, membership, devices, behind, actions, states);
    const membershipReport = {
      performed: membership.performed,
      skipped: membership.skipped,
      removals: membership.removals.size,
      readMarks: devices.reduce((n, d) => n + d.counters.readMarks, 0),
      readAcks: devices.reduce((n, d) => n + d.counters.readAcks, 0),
      viewsBehindBeforeFinalSync: behind,
    };
    const actionReport = { ...actions, states: { ...states, failures: undefined } };
    if (options.json) writeFileSync(options.json, JSON.stringify({ options, counts: verdict.counts, chaos, membership: membershipReport, actions: actionReport, failures: verdict.failures }, null, 2));
    if (!passed(verdict)) {
      for (const api of cluster.apis) say(`--- last output of ${api.name} ---\n${api.logs().slice(-3000)}`);
    }
    return passed(verdict) ? 0 : 1;
  } finally {
    devices.forEach((d) => d.close());
    await cluster.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[chaos] crashed:', error);
    process.exit(2);
  },
);
