/**
 * What the reads database holds, decided before a row is written: users, conversations, and for each
 * stream position the conversation, sender and seq of its message. Only typed arrays per position, so
 * 5 million messages cost ~60 MB here and every per-conversation figure (lastSeq, changePos, each
 * member's lastReadSeq) is known before the conversations are inserted.
 */
import { randomUUID } from 'node:crypto';
import { createRng, shuffle, type Rng } from './rng';

/** The users the bench logs in as: created through the API (real argon2 hashes) before seeding. */
export const READ_ROLES = ['big', 'many', 'sync', 'probe'] as const;
export type ReadRole = (typeof READ_ROLES)[number];

export interface SeedUser {
  id: string;
  username: string;
  /** Set for the API-created users, which are already stored. */
  existing: boolean;
}

export interface SeedConversation {
  id: string;
  group: boolean;
  /** Indices into `users`; the first is the creator. */
  members: number[];
  /** Messages before and after the sync cursor. */
  before: number;
  after: number;
  /** After the cursor only `members[1]` sends (the sync user's partners: everything they missed is unread). */
  othersOnlyAfter: boolean;
}

export interface SeedLayout {
  users: SeedUser[];
  conversations: SeedConversation[];
  /** Per stream position - 1: conversation index, sender (user index), seq. */
  conversationAt: Int32Array;
  senderAt: Int32Array;
  seqAt: Int32Array;
  /** The stream position the sync user last saw. */
  cursor: number;
  /** Per conversation: its last position (changePos) and first position; per member: highest own seq. */
  firstPos: Int32Array;
  lastPos: Int32Array;
  lastOwnSeq: Int32Array[];
  roles: Record<ReadRole, number>;
  /** The 500k-message conversation (index into `conversations`) and how many messages the sync user missed. */
  bigConversation: number;
  syncMissed: number;
}

export interface SeedShape {
  messages: number;
  /** Stable across runs of one size, so figures compare. */
  seed?: number;
}

const MANY_DIRECT = 150;
const MANY_GROUPS = 50;
const GROUP_SIZE = 10;
const SYNC_CONVERSATIONS = 100;
const SYNC_BEFORE_EACH = 20;

/** The sizes for a total message count: 5M gives the figures the issue names; smaller totals scale down. */
export function seedSizes(messages: number) {
  return {
    big: Math.round(messages / 10),
    syncMissed: Math.min(10_000, Math.round(messages / 20)),
    manyEach: Math.max(2, Math.min(50, Math.round(messages / 100_000))),
    fillerUsers: Math.max(1000, Math.round(messages / 250)),
  };
}

export function planSeed(shape: SeedShape, existing: Record<ReadRole, string>): SeedLayout {
  const rng = createRng(shape.seed ?? 12);
  const sizes = seedSizes(shape.messages);
  const users: SeedUser[] = READ_ROLES.map((role) => ({ id: existing[role], username: role, existing: true }));
  const roles = Object.fromEntries(READ_ROLES.map((role, i) => [role, i])) as Record<ReadRole, number>;
  for (let i = 0; i < sizes.fillerUsers; i++) users.push({ id: randomUUID(), username: `reads_user_${i}`, existing: false });
  const filler = (i: number) => READ_ROLES.length + (i % sizes.fillerUsers);

  const conversations: SeedConversation[] = [];
  const add = (members: number[], count: number, othersOnlyAfter = false, before?: number) => {
    const b = before ?? Math.max(1, Math.round(count / 2));
    conversations.push({ id: randomUUID(), group: members.length > 2, members, before: b, after: count - b, othersOnlyAfter });
    return conversations.length - 1;
  };
  let next = 0; // filler users handed out to the named users' partners, each once
  const bigConversation = add([roles.big, filler(next++)], sizes.big);
  for (let i = 0; i < MANY_DIRECT; i++) add([roles.many, filler(next++)], sizes.manyEach);
  for (let g = 0; g < MANY_GROUPS; g++) {
    add([roles.many, ...Array.from({ length: GROUP_SIZE - 1 }, () => filler(next++))], sizes.manyEach * 2);
  }
  const missedEach = sizes.syncMissed / SYNC_CONVERSATIONS;
  for (let i = 0; i < SYNC_CONVERSATIONS; i++) {
    const after = Math.floor(missedEach * (i + 1)) - Math.floor(missedEach * i);
    add([roles.sync, filler(next++)], SYNC_BEFORE_EACH + after, true, SYNC_BEFORE_EACH);
  }
  for (let i = 0; i < 3; i++) add([roles.probe, filler(next++)], 10);

  const named = conversations.reduce((n, c) => n + c.before + c.after, 0);
  addFiller(conversations, Math.max(0, shape.messages - named), sizes.fillerUsers, filler, rng);

  const placed = placeInStream(conversations, rng);
  return { users, conversations, ...placed, roles, bigConversation, syncMissed: sizes.syncMissed };
}

/** The rest of the server: direct chats between filler users and some groups, sizes skewed like real traffic. */
function addFiller(out: SeedConversation[], total: number, fillerUsers: number, filler: (i: number) => number, rng: Rng): void {
  const count = Math.max(1, Math.round(total / 250));
  const weights = Array.from({ length: count }, () => Math.log(1 - rng()) ** 2);
  const sum = weights.reduce((a, b) => a + b, 0);
  const pairs = new Set<string>();
  let left = total;
  for (let i = 0; i < count && left > 0; i++) {
    const size = i === count - 1 ? left : Math.min(left, Math.max(1, Math.round((weights[i] / sum) * total)));
    left -= size;
    let members: number[];
    if (i % 10 === 9) {
      const picked = new Set<number>();
      const want = 3 + Math.floor(rng() * 18);
      while (picked.size < want) picked.add(filler(Math.floor(rng() * fillerUsers)));
      members = [...picked];
    } else {
      let a: number, b: number;
      do [a, b] = [filler(Math.floor(rng() * fillerUsers)), filler(Math.floor(rng() * fillerUsers))];
      while (a === b || pairs.has(`${Math.min(a, b)}:${Math.max(a, b)}`));
      pairs.add(`${Math.min(a, b)}:${Math.max(a, b)}`);
      members = [a, b];
    }
    const before = Math.max(1, Math.round(size / 2));
    out.push({ id: randomUUID(), group: members.length > 2, members, before: Math.min(before, size), after: size - Math.min(before, size), othersOnlyAfter: false });
  }
}

/**
 * Every message before the cursor, shuffled, then every message after it, shuffled: positions
 * interleave conversations as real traffic does, and half the server's traffic lies after the cursor
 * while the sync user's conversations hold only what that user missed.
 */
function placeInStream(conversations: SeedConversation[], rng: Rng) {
  const total = conversations.reduce((n, c) => n + c.before + c.after, 0);
  const conversationAt = new Int32Array(total);
  let k = 0;
  conversations.forEach((c, i) => conversationAt.fill(i, k, (k += c.before)));
  const cursor = k;
  conversations.forEach((c, i) => conversationAt.fill(i, k, (k += c.after)));
  shuffle(conversationAt.subarray(0, cursor), rng);
  shuffle(conversationAt.subarray(cursor), rng);

  const senderAt = new Int32Array(total);
  const seqAt = new Int32Array(total);
  const seq = new Int32Array(conversations.length);
  const firstPos = new Int32Array(conversations.length);
  const lastPos = new Int32Array(conversations.length);
  const lastOwnSeq = conversations.map((c) => new Int32Array(c.members.length));
  for (let p = 0; p < total; p++) {
    const ci = conversationAt[p];
    const c = conversations[ci];
    const s = ++seq[ci];
    // A group's first line is the creator's "created" system message; after the cursor the sync user only receives.
    const m = c.group && s === 1 ? 0 : c.othersOnlyAfter && p >= cursor ? 1 : Math.floor(rng() * c.members.length);
    senderAt[p] = c.members[m];
    seqAt[p] = s;
    lastOwnSeq[ci][m] = s;
    if (s === 1) firstPos[ci] = p + 1;
    lastPos[ci] = p + 1;
  }
  return { conversationAt, senderAt, seqAt, cursor, firstPos, lastPos, lastOwnSeq };
}
