import type { Conversation } from '@parley/contract';
import { request, type Reply } from './http';
import type { ChaosOptions } from './options';
import type { Group, SimUser } from './population';
import { Random, sleep } from './random';

export type ChangeKind = 'rename' | 'add' | 'remove' | 'leave' | 'readd';
const KINDS: readonly ChangeKind[] = ['rename', 'add', 'remove', 'leave', 'readd'];

export interface PlannedChange {
  /** Seconds after the start of the traffic. */
  at: number;
  /** Fixed for the guaranteed ones; otherwise chosen among what the group allows at that moment. */
  kind?: ChangeKind;
}

export interface MembershipLog {
  performed: Record<ChangeKind, number>;
  /** Changes that could not be made (every process refused or was down), or that nothing allowed. */
  skipped: number;
  /** `conversationId/userId` for every removal or leave attempted: a NOT_FOUND send of theirs there is expected. */
  removals: Set<string>;
  lines: string[];
}

const MIN_MEMBERS = 3;
const MAX_MEMBERS = 6;

/**
 * Membership changes, planned up front from the seed: one of each kind in the first half of the run
 * (in an order that makes each possible: a re-add needs someone gone), plus Poisson arrivals at
 * `groupChanges` per minute of any kind the chosen group allows.
 */
export function planMembershipChanges(options: ChaosOptions, random: Random): PlannedChange[] {
  const changes: PlannedChange[] = KINDS.map((kind, i) => ({ at: options.duration * (0.1 + 0.08 * i + random.between(0, 0.04)), kind }));
  if (options.groupChanges > 0) {
    for (let at = random.gap(options.groupChanges / 60); at < options.duration * 0.9; at += random.gap(options.groupChanges / 60)) changes.push({ at });
  }
  return changes.sort((a, b) => a.at - b.at);
}

/** Runs the plan against the cluster through any live process; resolves when every change is done or given up. */
export async function runMembershipChanges(
  plan: PlannedChange[],
  groups: Group[],
  users: SimUser[],
  servers: () => string[],
  random: Random,
): Promise<MembershipLog> {
  const log: MembershipLog = { performed: { rename: 0, add: 0, remove: 0, leave: 0, readd: 0 }, skipped: 0, removals: new Set(), lines: [] };
  const started = Date.now();
  const note = (line: string) => log.lines.push(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s ${line}`);
  const byId = new Map(users.map((u) => [u.id, u]));
  let renames = 0;
  for (const change of plan) {
    await sleep(Math.max(0, started + change.at * 1000 - Date.now()));
    if (groups.length === 0) break;
    const attempt = await chooseAndApply(change.kind, groups, users, byId, servers, random, log, () => ++renames);
    if (attempt) {
      log.performed[attempt.kind]++;
      note(attempt.line);
    } else log.skipped++;
  }
  return log;
}

interface Done {
  kind: ChangeKind;
  line: string;
}

async function chooseAndApply(
  wanted: ChangeKind | undefined,
  groups: Group[],
  users: SimUser[],
  byId: Map<string, SimUser>,
  servers: () => string[],
  random: Random,
  log: MembershipLog,
  nextRename: () => number,
): Promise<Done | undefined> {
  // The group's current state, read as its creator (who never leaves), from any live process.
  const states: { group: Group; members: SimUser[] }[] = [];
  for (const group of groups) {
    const reply = await withRetries(servers, random, (base) => request<Conversation>(base, `/api/conversations/${group.id}`, { token: group.creator.token }));
    if (reply?.status === 200) states.push({ group, members: reply.body.members.map((m) => byId.get(m.id)).filter((u): u is SimUser => !!u) });
  }
  const options = states.flatMap(({ group, members }) => possibleChanges(group, members, users).map((c) => ({ ...c, group, members })));
  const candidates = options.filter((o) => !wanted || o.kind === wanted);
  if (candidates.length === 0) return undefined;
  const { kind, group, members, subject } = random.pick(candidates);
  const actor = kind === 'remove' ? group.creator : kind === 'leave' ? subject! : random.pick(members);
  const path = `/api/conversations/${group.id}`;
  let reply: Reply<unknown> | undefined;
  if (kind === 'rename') {
    const title = `${group.title} #${nextRename()}`;
    reply = await withRetries(servers, random, (base) => request(base, path, { method: 'PATCH', token: actor.token, body: { title } }));
    return succeeded(reply, [200]) ? { kind, line: `${actor.name} renamed ${group.title} to "${title}"` } : undefined;
  }
  if (kind === 'add' || kind === 'readd') {
    reply = await withRetries(servers, random, (base) => request(base, `${path}/members`, { token: actor.token, body: { userIds: [subject!.id] } }));
    if (!succeeded(reply, [200])) return undefined;
    group.former.delete(subject!.id);
    return { kind, line: `${actor.name} ${kind === 'add' ? 'added' : 'added back'} ${subject!.name} to ${group.title}` };
  }
  log.removals.add(`${group.id}/${subject!.id}`);
  // A retry after an attempt whose answer was lost finds them gone already: 404 then means done.
  reply = await withRetries(servers, random, (base) => request(base, `${path}/members/${subject!.id}`, { method: 'DELETE', token: actor.token }));
  if (!succeeded(reply, [204, 404])) return undefined;
  group.former.add(subject!.id);
  return { kind, line: kind === 'leave' ? `${subject!.name} left ${group.title}` : `${actor.name} removed ${subject!.name} from ${group.title}` };
}

/** What a group allows now; `subject` is who is added, removed or leaves. The creator never goes. */
function possibleChanges(group: Group, members: SimUser[], users: SimUser[]): { kind: ChangeKind; subject?: SimUser }[] {
  const memberIds = new Set(members.map((m) => m.id));
  const others = members.filter((m) => m.id !== group.creator.id);
  const outsiders = users.filter((u) => !memberIds.has(u.id));
  const changes: { kind: ChangeKind; subject?: SimUser }[] = [{ kind: 'rename' }];
  if (members.length < MAX_MEMBERS) {
    for (const u of outsiders) changes.push({ kind: group.former.has(u.id) ? 'readd' : 'add', subject: u });
  }
  if (members.length > MIN_MEMBERS) {
    for (const m of others) changes.push({ kind: 'remove', subject: m }, { kind: 'leave', subject: m });
  }
  return changes;
}

const succeeded = (reply: Reply<unknown> | undefined, statuses: number[]): boolean => !!reply && statuses.includes(reply.status);

/** Through a random live process; a network failure or a 5xx (a process dying, Redis away) is tried again elsewhere. */
async function withRetries<T>(servers: () => string[], random: Random, call: (base: string) => Promise<Reply<T>>): Promise<Reply<T> | undefined> {
  let last: Reply<T> | undefined;
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      last = await call(random.pick(servers()));
      if (last.status < 500) return last;
    } catch {
      // Connection refused or reset: the process is down; another one will answer.
    }
    await sleep(300 * (attempt + 1));
  }
  return last;
}
