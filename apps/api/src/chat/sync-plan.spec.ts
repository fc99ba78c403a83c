import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlExecutor } from '../database/sql/sql-executor.provider';
import type { SqlExecutor } from '../database/sql/executor';
import { sql } from '../database/sql/statement';
import { SEEDED, seedDirectConversations } from '../database/testing/seed-conversations';
import { openTestDatabase, type TestDatabase } from '../database/testing/test-databases';
import { conversationFromRow, conversationStatements } from './conversation-presenter';
import { historyPage } from './messages.service';
import { syncStatements } from './sync.service';

const { conversations: CONVERSATIONS, messagesPerConversation: MESSAGES_PER_CONVERSATION } = SEEDED;

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
    const { users } = await seedDirectConversations(db, () => database.dataSource.query('ANALYZE'));
    caller = users[0];
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

  it('reads a history page (latest, before, after, a window) by (conversationId, seq)', async () => {
    for (const query of [{}, { before: 50 }, { after: 10 }, { after: 10, before: 50 }]) {
      const plan = await db.explain(historyPage(callersConversations[0], query, 50));
      expect(scansMessages(plan), plan.join('\n')).toBe(false);
      expect(plan.join('\n')).toMatch(/ux_messages_conversation_seq/);
    }
  });

  it('completes a page of conversations by key: members, accounts and each newest message, and lists by membership', async () => {
    const conversations = (await db.all<Record<string, unknown>>(conversationStatements.byIds(callersConversations))).map(conversationFromRow);
    expect(conversations.length).toBe(callersConversations.length);
    for (const statement of [conversationStatements.members(callersConversations), conversationStatements.lastMessages(conversations)]) {
      const plan = await db.explain(statement);
      expect(scansMessages(plan), plan.join('\n')).toBe(false);
      if (kind === 'sqlite') expect(plan.join('\n')).not.toMatch(/\bSCAN (m|u|conversation_members|users)\b/);
    }
    const list = await db.explain(conversationStatements.listPage(caller, { updatedAt: new Date(), id: callersConversations[0] }, 21));
    if (kind === 'sqlite') expect(list.join('\n')).toMatch(/SEARCH m USING (COVERING )?INDEX ix_conversation_members_user/);
  });

  it('the guard can fail: a sync over a server-wide position filter alone is a scan', async () => {
    const plan = await db.explain(sql`SELECT * FROM "messages" WHERE "pos" > ${10} ORDER BY "pos" LIMIT 10`);
    expect(scansMessages(plan), plan.join('\n')).toBe(true);
  });
});
