import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlExecutor } from '../database/sql/sql-executor.provider';
import type { SqlExecutor } from '../database/sql/executor';
import { join, sql } from '../database/sql/statement';
import { openTestDatabase, type TestDatabase } from '../database/testing/test-databases';
import { syncStatements } from './sync.service';

const USERS = 40;
const CONVERSATIONS = 200;
const MESSAGES_PER_CONVERSATION = 150;

/**
 * Sync must cost what the caller missed, not what the server holds: the plans of its statements, on
 * a database seeded with 30 000 messages and analysed, may not scan the messages table (a plan, not a
 * timing, so it cannot pass by luck of a fast machine).
 */
describe.each(['sqlite', 'postgres'] as const)('sync query plans (%s)', (kind) => {
  let database: TestDatabase;
  let db: SqlExecutor;
  let caller: string;
  let callersConversations: string[];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = createSqlExecutor(database.dataSource);
    const users = Array.from({ length: USERS }, () => randomUUID());
    caller = users[0];
    const now = new Date();
    let pos = 0;
    await db.transaction(function* () {
      yield sql`INSERT INTO "users" ("id", "username", "displayName", "displayNameLower", "passwordHash", "createdAt") VALUES ${join(
        users.map((id, i) => sql`(${id}, ${`user${i}`}, ${`User ${i}`}, ${`user ${i}`}, ${'x'}, ${now})`),
      )}`;
      for (let c = 0; c < CONVERSATIONS; c++) {
        const id = randomUUID();
        const [a, b] = [users[c % USERS], users[(c * 7 + 1) % USERS]];
        yield sql`INSERT INTO "conversations" ("id", "kind", "title", "lastSeq", "createdAt", "updatedAt", "createdBy", "changePos", "membersVersion")
                  VALUES (${id}, ${'direct'}, NULL, ${MESSAGES_PER_CONVERSATION}, ${now}, ${now}, ${a}, ${pos + MESSAGES_PER_CONVERSATION}, 1)`;
        yield sql`INSERT INTO "conversation_members" ("conversationId", "userId", "lastReadSeq", "joinedAt") VALUES (${id}, ${a}, 0, ${now}), (${id}, ${b}, 0, ${now})`;
        const rows = Array.from({ length: MESSAGES_PER_CONVERSATION }, (_, i) =>
          sql`(${randomUUID()}, ${id}, ${a}, ${'hello'}, ${randomUUID()}, ${i + 1}, ${++pos}, ${pos}, ${now})`,
        );
        yield sql`INSERT INTO "messages" ("id", "conversationId", "senderId", "body", "clientMessageId", "seq", "pos", "searchKey", "createdAt") VALUES ${join(rows)}`;
      }
      yield sql`UPDATE "stream_counter" SET "value" = ${pos} WHERE "id" = 1`;
      return undefined;
    });
    await database.dataSource.query(kind === 'sqlite' ? 'ANALYZE' : 'ANALYZE');
    callersConversations = (await db.all<{ id: string }>(syncStatements.changed(caller, 0))).map((c) => c.id);
  }, 120_000);

  afterAll(async () => {
    await database?.dispose();
  });

  const scansMessages = (plan: string[]) =>
    plan.some((line) => (kind === 'sqlite' ? /\bSCAN (messages|"messages")\b/.test(line) : /Seq Scan on messages/.test(line)));

  it('finds the caller’s changed conversations through their memberships', async () => {
    expect(callersConversations.length).toBeGreaterThan(0);
    expect(callersConversations.length).toBeLessThan(CONVERSATIONS / 4);
    const plan = await db.explain(syncStatements.changed(caller, 1_000));
    expect(scansMessages(plan), plan.join('\n')).toBe(false);
    if (kind === 'sqlite') expect(plan.join('\n')).toMatch(/SEARCH m USING (COVERING )?INDEX ix_conversation_members_user/);
  });

  it('reads the missed messages as ranges of (conversationId, pos), not a walk of the table', async () => {
    const since = CONVERSATIONS * MESSAGES_PER_CONVERSATION - 500;
    const plan = await db.explain(syncStatements.messages(callersConversations, since, since + 500, 201));
    expect(scansMessages(plan), plan.join('\n')).toBe(false);
    expect(plan.join('\n')).toMatch(/ux_messages_conversation_pos/);
    // The page is picked from the index alone; only its own rows are read from the table.
    if (kind === 'sqlite') expect(plan.join('\n')).toMatch(/SEARCH messages USING COVERING INDEX ux_messages_conversation_pos/);
  });

  it('reads departures through the caller’s memberships', async () => {
    const plan = await db.explain(syncStatements.departed(caller, 10, 20));
    expect(scansMessages(plan), plan.join('\n')).toBe(false);
    if (kind === 'sqlite') expect(plan.join('\n')).toMatch(/SEARCH conversation_members USING INDEX ix_conversation_members_user/);
  });

  it('the guard can fail: a sync over a server-wide position filter alone is a scan', async () => {
    const plan = await db.explain(sql`SELECT * FROM "messages" WHERE "pos" > ${10} ORDER BY "pos" LIMIT 10`);
    expect(scansMessages(plan), plan.join('\n')).toBe(true);
  });
});
