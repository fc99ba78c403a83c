import { describe, expect, it } from 'vitest';
import { planSeed, seedSizes, type ReadRole } from './seed-layout';
import { SeedRows } from './seed-rows';
import { SEED_TABLES, schemaProblems } from './seed-tables';
import { toSqliteDate } from './sqlite-date';
import { orderedUuid } from './ordered-uuid';

const existing: Record<ReadRole, string> = { big: 'u-big', many: 'u-many', sync: 'u-sync', probe: 'u-probe' };

describe('the reads seed layout', () => {
  it('gives a full run the figures the issue names', () => {
    expect(seedSizes(5_000_000)).toMatchObject({ big: 500_000, syncMissed: 10_000 });
  });

  it('numbers each conversation 1..n in stream order, with the sync user missing only what others sent', () => {
    const layout = planSeed({ messages: 20_000 }, existing);
    expect(layout.conversationAt.length).toBe(20_000);
    const next = new Map<number, number>();
    layout.conversationAt.forEach((c, p) => {
      expect(layout.seqAt[p]).toBe((next.get(c) ?? 0) + 1);
      next.set(c, layout.seqAt[p]);
    });
    layout.conversations.forEach((c, i) => {
      expect(next.get(i)).toBe(c.before + c.after);
      expect(layout.lastPos[i]).toBeGreaterThanOrEqual(layout.firstPos[i]);
    });
    const sync = layout.roles.sync;
    const syncConversations = new Set(layout.conversations.flatMap((c, i) => (c.members[0] === sync ? [i] : [])));
    expect(syncConversations.size).toBe(100);
    let missed = 0;
    for (let p = layout.cursor; p < layout.conversationAt.length; p++) {
      if (!syncConversations.has(layout.conversationAt[p])) continue;
      missed++;
      expect(layout.senderAt[p]).not.toBe(sync);
    }
    expect(missed).toBe(layout.syncMissed);
    expect(layout.conversations.filter((c) => c.members[0] === layout.roles.many)).toHaveLength(200);
  });

  it("writes a group's first line as its creator's system message and read markers at each member's own last message", () => {
    const layout = planSeed({ messages: 20_000 }, existing);
    const rows = new SeedRows(layout);
    const messages = rows.messages(1, 20_001);
    const group = layout.conversations.findIndex((c) => c.group);
    const first = messages.find((m) => m[1] === layout.conversations[group].id && m[5] === 1)!;
    expect(first[8]).toBe('system');
    expect(JSON.parse(first[9] as string)).toMatchObject({ type: 'created', actorId: layout.users[layout.conversations[group].members[0]].id });
    const own = new Map<string, number>();
    for (const m of messages) own.set(`${m[1]}:${m[2]}`, m[5] as number);
    for (const [conversationId, userId, lastReadSeq] of rows.members()) expect(lastReadSeq).toBe(own.get(`${conversationId}:${userId}`) ?? 0);
  });

  it('refuses a schema with a required column it does not seed', () => {
    const columns = SEED_TABLES.members.columns.map(([name]) => ({ name, required: false }));
    expect(schemaProblems(SEED_TABLES.members, columns)).toEqual([]);
    expect(schemaProblems(SEED_TABLES.members, [...columns, { name: 'mutedUntil', required: true }])).toEqual(['conversation_members.mutedUntil: required, not seeded']);
    expect(schemaProblems(SEED_TABLES.members, [])).toHaveLength(1);
  });

  it("formats datetimes as TypeORM's SQLite text", () => {
    for (const ms of [0, 1_764_600_000_123, 1_764_633_599_999, Date.UTC(2026, 1, 28, 23, 59, 59, 5)]) {
      expect(toSqliteDate(ms)).toBe(new Date(ms).toISOString().replace('T', ' ').replace('Z', ''));
    }
  });
});

describe('orderedUuid', () => {
  it('gives distinct, ascending, valid v4 UUIDs', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => orderedUuid(i, 10_000));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0] < '01').toBe(true);
    expect(ids.at(-1)! > 'fe').toBe(true);
  });
});
