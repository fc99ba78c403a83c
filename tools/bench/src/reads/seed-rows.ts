/**
 * The layout as rows, shaped like the server's own writes: a direct conversation's sorted-pair key, a
 * group's "created" system line at seq 1, seq per conversation, pos from the one stream counter,
 * changePos = the conversation's last position, updatedAt = its last message's time, and each member's
 * read marker at their own last message (what the writer leaves when nobody marks anything read).
 */
import { ConversationKind, MessageKind, SystemEventType, type SystemEvent } from '@parley/contract';
import { randomBytes, randomUUID } from 'node:crypto';
import { orderedUuid } from './ordered-uuid';
import type { SeedLayout } from './seed-layout';
import type { SeedRow } from './seed-tables';

const DAY_MS = 86_400_000;
const BODY_WORDS = 'ok so the release is out, can you check the staging build when you have a minute? thanks! lunch at noon sounds good, see you there'.split(' ');

/**
 * A word no pool body has, added to every RARE_EVERY-th message: what a search for something specific
 * finds (the pool's words are each in a good share of all messages). 2,500 messages at 5M, under the
 * server's SQLite scan bound (SEARCH_SCAN_MAX, 5,000), so the first page holds every hit it should;
 * the member of 200 conversations has ~1 per million messages seeded.
 */
export const RARE_WORD = 'quokka';
export const RARE_EVERY = 1999;
export const hasRareWord = (pos: number) => pos % RARE_EVERY === 0;

/** Chat-like bodies of 2 to 40 words, a fixed pool (the body's content is not what is measured). */
function bodyPool(size: number): string[] {
  return Array.from({ length: size }, (_, i) => {
    const words = 2 + ((i * 7919) % 39);
    return Array.from({ length: words }, (_, w) => BODY_WORDS[(i + w * 3) % BODY_WORDS.length]).join(' ');
  });
}

/** Looks like the server's argon2id hashes, matches no password: only the API-created users can log in. */
const dummyHash = () => `$argon2id$v=19$m=19456,t=2,p=1$${randomBytes(16).toString('base64url')}$${randomBytes(32).toString('base64url')}`;

export class SeedRows {
  private readonly bodies = bodyPool(1024);
  private readonly rareBodies = this.bodies.map((b) => `${b} ${RARE_WORD}`);
  /** Messages span the last 180 days, in stream order. */
  private readonly startMs: number;
  private readonly stepMs: number;

  constructor(private readonly layout: SeedLayout, nowMs = Date.now()) {
    const total = layout.conversationAt.length;
    this.startMs = nowMs - 180 * DAY_MS;
    this.stepMs = (180 * DAY_MS - 60_000) / Math.max(1, total);
    // The search index gets the bodies as they are (seed-tables.ts, SEARCH_INDEX_TABLES): true of ASCII text only.
    if (this.rareBodies.some((b) => /[^\x20-\x7e]/.test(b))) throw new Error('seed bodies must be printable ASCII');
  }

  get messageCount(): number {
    return this.layout.conversationAt.length;
  }

  private timeOf(pos: number): number {
    return this.startMs + Math.round(pos * this.stepMs);
  }

  users(): SeedRow[] {
    const createdAt = this.startMs - DAY_MS;
    return this.layout.users
      .filter((u) => !u.existing)
      .map((u, i) => [u.id, u.username, `Reads User ${i}`, `reads user ${i}`, dummyHash(), createdAt]);
  }

  conversations(): SeedRow[] {
    const { users, firstPos, lastPos } = this.layout;
    return this.layout.conversations.map((c, i) => {
      const ids = c.members.map((m) => users[m].id);
      return [
        c.id,
        c.group ? ConversationKind.Group : ConversationKind.Direct,
        c.group ? `Reads group ${i}` : null,
        c.group ? null : [...ids].sort().join(':'),
        c.before + c.after,
        this.timeOf(firstPos[i]) - 1000,
        this.timeOf(lastPos[i]),
        ids[0],
        lastPos[i],
        1,
      ];
    });
  }

  members(): SeedRow[] {
    const { users, firstPos, lastOwnSeq } = this.layout;
    return this.layout.conversations.flatMap((c, i) =>
      c.members.map((m, k) => [c.id, users[m].id, lastOwnSeq[i][k], this.timeOf(firstPos[i]) - 1000]),
    );
  }

  /** Messages at positions `from` … `to - 1` (1-based), in stream order. */
  messages(from: number, to: number): SeedRow[] {
    const { conversations, users, conversationAt, senderAt, seqAt } = this.layout;
    const rows: SeedRow[] = new Array(to - from);
    const total = conversationAt.length;
    for (let pos = from; pos < to; pos++) {
      const c = conversations[conversationAt[pos - 1]];
      const seq = seqAt[pos - 1];
      const senderId = users[senderAt[pos - 1]].id;
      const id = orderedUuid(pos - 1, total);
      const createdAt = this.timeOf(pos);
      if (c.group && seq === 1) {
        const event: SystemEvent = { type: SystemEventType.Created, actorId: senderId, userIds: c.members.slice(1).map((m) => users[m].id), title: `Reads group ${conversationAt[pos - 1]}` };
        rows[pos - from] = [id, c.id, senderId, '', `system:${id}`, seq, pos, createdAt, MessageKind.System, JSON.stringify(event), 1, pos];
      } else {
        const body = (hasRareWord(pos) ? this.rareBodies : this.bodies)[pos & 1023];
        rows[pos - from] = [id, c.id, senderId, body, randomUUID(), seq, pos, createdAt, MessageKind.Text, null, 1, pos];
      }
    }
    return rows;
  }
}
