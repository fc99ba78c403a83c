/**
 * The seeder process: plans the reads database and writes it straight into the stopped server's
 * database, chunk by chunk. Its own process, so the orchestrator (and a test runner) stays responsive
 * and the seeding's CPU and memory are its own. Reports over the fork IPC channel (see SeedEvent).
 */
import { performance } from 'node:perf_hooks';
import { PgSeedSink } from './pg-sink';
import type { SeedEvent, SeedRequest, SeedResult } from './reads-types';
import { planSeed, type SeedLayout } from './seed-layout';
import { hasRareWord, SeedRows } from './seed-rows';
import type { SeedSink } from './seed-sink';
import { SEED_TABLES, schemaProblems, type SeedTable } from './seed-tables';
import { SqliteSeedSink } from './sqlite-sink';

/** Rows per transaction: small enough that a chunk's rows die young (cheap garbage collection). */
const CHUNK: Record<SeedRequest['db'], number> = { sqlite: 10_000, postgres: 20_000 };

const report = (event: SeedEvent) => new Promise<void>((resolve) => (process.send ? process.send(event, undefined, {}, () => resolve()) : resolve()));

async function openSink(request: SeedRequest): Promise<SeedSink> {
  if (request.db === 'sqlite') return new SqliteSeedSink(request.location);
  const sink = new PgSeedSink(request.location);
  await sink.open();
  return sink;
}

/** Text messages with the rare word in `user`'s conversations: what a search for it must find. */
function rareMessagesOf(layout: SeedLayout, user: number): number {
  const mine = layout.conversations.map((c) => c.members.includes(user));
  let count = 0;
  for (let pos = 1; pos <= layout.conversationAt.length; pos++) {
    const c = layout.conversationAt[pos - 1];
    // A group's seq 1 is its system line (seed-rows.ts), which has no body.
    if (hasRareWord(pos) && mine[c] && !(layout.conversations[c].group && layout.seqAt[pos - 1] === 1)) count++;
  }
  return count;
}

async function insertChunked(sink: SeedSink, table: SeedTable, rows: readonly unknown[][], chunk: number): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await sink.insert(table, rows.slice(i, i + chunk) as unknown[][]);
}

export async function seed(request: SeedRequest, onProgress: (done: number, total: number) => void = () => undefined): Promise<SeedResult> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const steps: Record<string, number> = {};
  let mark = started;
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = Math.round(now - mark) / 1000;
    mark = now;
  };

  const layout = planSeed({ messages: request.messages }, request.existing);
  const rows = new SeedRows(layout);
  step('plan');
  const sink = await openSink(request);
  try {
    const problems: string[] = [];
    for (const table of Object.values(SEED_TABLES)) problems.push(...schemaProblems(table, await sink.columns(table.name)));
    if (problems.length) throw new Error(`the schema does not match the seeder:\n  ${problems.join('\n  ')}`);
    const chunk = CHUNK[request.db];
    const users = rows.users();
    await insertChunked(sink, SEED_TABLES.users, users, chunk);
    step('users');
    const conversations = rows.conversations();
    await insertChunked(sink, SEED_TABLES.conversations, conversations, chunk);
    step('conversations');
    const members = rows.members();
    await insertChunked(sink, SEED_TABLES.members, members, chunk);
    step('members');

    // Building the messages' secondary indexes once, from sorted data, is about twice as fast as growing them
    // row by row; they are recreated from the migrations' own statements, so the schema ends up the same.
    const rebuild = await sink.secondaryIndexes(SEED_TABLES.messages.name);
    const total = rows.messageCount;
    // The next chunk is generated while PostgreSQL writes the last one (SQLite's insert is synchronous anyway).
    let writing: Promise<unknown> = Promise.resolve();
    for (let from = 1; from <= total; from += chunk) {
      const to = Math.min(total + 1, from + chunk);
      const next = rows.messages(from, to);
      await writing;
      writing = sink.insert(SEED_TABLES.messages, next).then(() => onProgress(to - 1, total));
    }
    await writing;
    // The stream counter is the last position handed out: every seeded message is at or below it.
    await sink.run(`UPDATE "stream_counter" SET "value" = ${total} WHERE "id" = 1`);
    step('messages');
    await sink.indexForSearch();
    step('search index');
    for (const statement of rebuild) await sink.run(statement);
    step('indexes');
    await sink.close();
    step('finish');

    const seconds = Math.round(performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const big = layout.conversations[layout.bigConversation];
    const sync = layout.conversations.filter((c) => c.othersOnlyAfter);
    return {
      seconds,
      cpuS: Math.round((cpu.user + cpu.system) / 1000) / 1000,
      steps,
      messagesPerS: Math.round(total / seconds),
      rebuiltIndexes: rebuild,
      messages: total,
      users: layout.users.length,
      conversations: layout.conversations.length,
      memberships: members.length,
      bigConversationId: big.id,
      bigConversationMessages: big.before + big.after,
      manyConversations: layout.conversations.filter((c) => c.members[0] === layout.roles.many).length,
      syncCursor: layout.cursor,
      syncMissed: sync.reduce((n, c) => n + c.after, 0),
      syncConversations: sync.length,
      manyRareMessages: rareMessagesOf(layout, layout.roles.many),
    };
  } catch (error) {
    await sink.close().catch(() => undefined);
    throw error;
  }
}

if (require.main === module) {
  process.once('message', (request: SeedRequest) => {
    let reported = 0;
    seed(request, (done, total) => {
      if (done - reported >= total / 10 || done === total) {
        reported = done;
        void report({ type: 'progress', done, total });
      }
    }).then(
      async (result) => {
        await report({ type: 'done', result });
        process.exit(0);
      },
      async (error: unknown) => {
        await report({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        process.exit(1);
      },
    );
  });
}
