/**
 * Reads at scale: seed a database (reads-setup.ts), boot Parley on it, then time the reads that grow
 * with the database — a 500k-message conversation's latest and deep pages, the conversation list of a
 * member of 200, a full catch-up after missing 10,000 messages — and the event-loop guard: a cheap
 * request's latency while 20 clients loop on the heaviest of those reads.
 */
import type { AuthResponse, MessagePage, Page, SyncResponse } from '@parley/contract';
import { post } from '../parley-setup';
import { createDatabase, launchParley, type ParleyDatabase, type ParleyProcess } from '../parley-target';
import { forkTs, procUsage, stop } from '../process-control';
import { onInterrupt } from '../run-bench';
import { runGuard } from './reads-guard';
import { sample, timedGet } from './reads-http';
import { databaseSizeMb, loadSeeded, prepareReads, READS_PASSWORD, type PreparedReads } from './reads-setup';
import type { ReadName, ReadRequest, ReadRoleName, ReadsOptions, ReadsResult, SeedResult, SyncDrain } from './reads-types';
import { SEARCHES, searchChecks, searchPath } from './search-reads';

const SYNC_LIMIT = 500;


function readRequests(seed: SeedResult, tokens: Record<ReadRoleName, string>): Record<ReadName, ReadRequest> {
  const big = `/api/conversations/${seed.bigConversationId}/messages`;
  return {
    latestPage: { name: 'latest page', path: big, token: tokens.big },
    deepPage: { name: 'deep page', path: `${big}?before=${Math.floor(seed.bigConversationMessages / 2)}`, token: tokens.big },
    conversationList: { name: 'conversation list', path: '/api/conversations', token: tokens.many },
    syncPage: { name: 'sync page', path: `/api/sync?since=${seed.syncCursor}&limit=${SYNC_LIMIT}`, token: tokens.sync },
    searchCommon: { name: `search "${SEARCHES.common}"`, path: searchPath(SEARCHES.common), token: tokens.many },
    searchRare: { name: `search "${SEARCHES.rare}"`, path: searchPath(SEARCHES.rare), token: tokens.many },
    searchPrefix: { name: `search "${SEARCHES.prefix}"`, path: searchPath(SEARCHES.prefix), token: tokens.many },
    cheap: { name: 'users/me', path: '/api/users/me', token: tokens.probe },
  };
}

/** What a correct answer looks like, so a fast wrong one is an error, not a good figure. */
function checks(seed: SeedResult): Record<ReadName, (body: unknown) => boolean> {
  const before = Math.floor(seed.bigConversationMessages / 2);
  return {
    latestPage: (b) => (b as MessagePage).items.at(-1)?.seq === seed.bigConversationMessages,
    deepPage: (b) => (b as MessagePage).items.at(-1)?.seq === before - 1,
    conversationList: (b) => (b as Page<{ unreadCount?: unknown }>).items.every((c) => typeof c.unreadCount === 'number') && (b as Page<unknown>).items.length > 0,
    syncPage: (b) => (b as SyncResponse).messages.length === Math.min(SYNC_LIMIT, seed.syncMissed),
    ...searchChecks(seed.manyRareMessages),
    cheap: (b) => typeof (b as { id?: unknown }).id === 'string',
  };
}

/**
 * The whole catch-up of a device that missed `seed.syncMissed` messages: follow `hasMore` to the end.
 * `ok` only if every page answered and no message came twice.
 */
async function drainSync(url: string, token: string, since: number): Promise<SyncDrain & { ok: boolean }> {
  const conversations = new Set<string>();
  const messages = new Set<string>();
  let [cursor, ms, requests, received] = [String(since), 0, 0, 0];
  for (;;) {
    const page = await timedGet<SyncResponse>(url, { name: 'sync', path: `/api/sync?since=${cursor}&limit=${SYNC_LIMIT}`, token });
    requests++;
    ms += page.ms;
    if (!page.body) return { ms: Math.round(ms), requests, messages: messages.size, conversations: conversations.size, ok: false };
    received += page.body.messages.length;
    page.body.messages.forEach((m) => messages.add(m.id));
    page.body.conversations.forEach((c) => conversations.add(c.id));
    cursor = page.body.cursor;
    if (!page.body.hasMore || requests > 10_000) break;
  }
  return { ms: Math.round(ms), requests, messages: messages.size, conversations: conversations.size, ok: received === messages.size };
}

async function measure(parley: ParleyProcess, seed: SeedResult, tokens: Record<ReadRoleName, string>, options: ReadsOptions, log: (line: string) => void) {
  const requests = readRequests(seed, tokens);
  const check = checks(seed);
  const first = await timedGet(parley.url, requests.latestPage);
  const firstRequest = { read: requests.latestPage.name, ms: round2(first.ms) };
  let warmupErrors = first.status === 200 && check.latestPage(first.body) ? 0 : 1;
  log(`  first request after boot (${firstRequest.read}): ${firstRequest.ms} ms`);
  // One warm-up pass over every read before any is timed: besides compiling each read's code, the
  // heavy ones allocate enough to bring the collection of what booting left behind (a mark-compact
  // of some 50 MB, ~20 ms of work here) forward into the warm-up instead of into a later read's samples.
  const names = Object.keys(requests) as ReadName[];
  log(`  warm-up: ${options.warmup} untimed requests of each read`);
  for (const name of names) warmupErrors += (await sample(parley.url, requests[name], 0, check[name], options.warmup)).errors;
  const reads = {} as ReadsResult['reads'];
  for (const name of names) {
    log(`  ${requests[name].name}: ${options.samples} requests`);
    reads[name] = { path: requests[name].path, ...(await sample(parley.url, requests[name], options.samples, check[name])) };
  }
  log(`  bare node:http GET (the floor): ${options.samples} requests after ${options.warmup} untimed`);
  const floor = await sampleFloor(options.samples, options.warmup, check.cheap);
  const runs: Array<SyncDrain & { ok: boolean }> = [];
  for (let i = 0; i < options.syncRuns; i++) runs.push(await drainSync(parley.url, tokens.sync, seed.syncCursor));
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const consistent = runs.every((r) => r.ok && r.messages === seed.syncMissed && r.conversations === seed.syncConversations);
  const sync = {
    median: strip(sorted[Math.floor(sorted.length / 2)]),
    runs: runs.map(strip),
    limit: SYNC_LIMIT,
    expectedMessages: seed.syncMissed,
    expectedConversations: seed.syncConversations,
    consistent,
  };
  log(`  full sync: ${sync.median.ms} ms in ${sync.median.requests} requests (median of ${runs.length})`);

  const heavy = (['latestPage', 'deepPage', 'conversationList', 'syncPage'] as const).reduce((a, b) => (reads[b].ms.p50 > reads[a].ms.p50 ? b : a));
  log(`  event-loop guard: 1, then ${options.guardClients} clients on the ${requests[heavy].name} for ${options.guardS} s`);
  const guardOne = await runGuard(parley.url, requests[heavy], requests.cheap, 1, options.guardS);
  const guard = await runGuard(parley.url, requests[heavy], requests.cheap, options.guardClients, options.guardS);
  return { firstRequest, warmupErrors, reads, floor, sync, guard: { ...guard, cheapIdle: reads.cheap.ms }, guardOne: { ...guardOne, cheapIdle: reads.cheap.ms } };
}

/** The same sequential GETs against a bare node:http server (bare-http.ts) in its own process, its body checked as users/me's is. */
async function sampleFloor(samples: number, warmup: number, check: (body: unknown) => boolean): Promise<ReadsResult['floor']> {
  const bare = forkTs('reads/bare-http.ts');
  try {
    const port = await new Promise<number>((resolve, reject) => {
      bare.process.once('message', (m: { port: number }) => resolve(m.port));
      bare.process.once('exit', (code) => reject(new Error(`the bare HTTP server exited (${code}):\n${bare.output()}`)));
    });
    return await sample(`http://127.0.0.1:${port}`, { name: 'bare GET', path: '/', token: 'none' }, samples, check, warmup);
  } finally {
    await stop(bare, 1000);
  }
}

const strip = ({ ms, requests, messages, conversations }: SyncDrain): SyncDrain => ({ ms, requests, messages, conversations });

/** Seeds a fresh database of `db`, measures the reads on it, drops it (or, with `reuseDb`, measures the kept one again). */
export async function runReads(db: 'sqlite' | 'postgres', options: ReadsOptions, log: (line: string) => void = () => undefined): Promise<ReadsResult> {
  if (options.reuseDb) return measureKept(db, options.reuseDb, options, log);
  const database = await createDatabase(db);
  const forget = onInterrupt(() => database.drop());
  try {
    const prepared = await prepareReads(database, { messages: options.messages }, log);
    return await measureSeeded(database, prepared, options, log);
  } finally {
    forget();
    if (options.keepDb) log(`  kept the seeded database: ${database.location} (measure it again: --reads --reuse-db ${database.dataDir})`);
    else await database.drop();
  }
}

async function measureKept(db: 'sqlite' | 'postgres', dataDir: string, options: ReadsOptions, log: (line: string) => void): Promise<ReadsResult> {
  const { database, prepared } = await loadSeeded(dataDir);
  if (database.db !== db) throw new Error(`--reuse-db ${dataDir} holds a ${database.db} database: say --db ${database.db}`);
  log(`  reusing the database seeded earlier in ${dataDir} (${prepared.seed.messages.toLocaleString('en')} messages); the seed figures are that run's`);
  return measureSeeded(database, prepared, options, log);
}

/** Boots Parley on a seeded database, measures, stops it. */
export async function measureSeeded(database: ParleyDatabase, prepared: PreparedReads, options: ReadsOptions, log: (line: string) => void = () => undefined): Promise<ReadsResult> {
  const { seed } = prepared;
  log(`  seeded in ${seed.seconds} s (${seed.messagesPerS.toLocaleString('en')} messages/s): ${JSON.stringify(seed.steps)}`);
  const seededMb = await databaseSizeMb(database);
  const parley = await launchParley(database);
  const forget = onInterrupt(() => stop(parley.server));
  try {
    log(`  booted on the seeded database in ${parley.bootS.toFixed(2)} s (${seededMb} MB on disk)`);
    const tokens = {} as Record<ReadRoleName, string>;
    for (const [role, username] of Object.entries(prepared.usernames) as [ReadRoleName, string][]) {
      tokens[role] = (await post<AuthResponse>(parley.url, '/api/auth/login', { username, password: READS_PASSWORD })).accessToken;
    }
    const { warmupErrors, ...measured } = await measure(parley, seed, tokens, options, log);
    const serverRssMb = Math.round(procUsage(parley.server.process.pid!).rssKb / 1024);
    await stop(parley.server);
    const errors =
      warmupErrors +
      Object.values(measured.reads).reduce((n, r) => n + r.errors, 0) +
      measured.floor.errors +
      [measured.guard, measured.guardOne].reduce((n, g) => n + g.loop.errors + g.cheapErrors, 0) +
      (measured.sync.consistent ? 0 : 1);
    return {
      db: database.db,
      seed,
      bootEmptyS: round2(prepared.bootEmptyS),
      bootSeededS: round2(parley.bootS),
      sizeMb: { seeded: seededMb, end: await databaseSizeMb(database) },
      ...measured,
      serverRssMb,
      errors,
    };
  } finally {
    forget();
    await stop(parley.server);
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
