/** The reads-at-scale table: one column per database. */
import type { LatencySummary } from '../bench-types';
import { textTable } from '../table';
import type { GuardFigures, ReadsResult } from './reads-types';
import { SEARCHES } from './search-reads';

type Row = [label: string, value: (r: ReadsResult) => string | number];

/** The target for search at 5M messages. */
export const SEARCH_TARGET_P99_MS = 50;
export const searchMeetsTarget = (r: ReadsResult) => [r.reads.searchCommon, r.reads.searchRare, r.reads.searchPrefix].every((s) => s.ms.count > 0 && s.ms.p99 < SEARCH_TARGET_P99_MS);

const n = (value: number) => value.toLocaleString('en');
const p50p99 = (ms: LatencySummary) => `${ms.p50} / ${ms.p99}`;

function guardRows(label: string, pick: (r: ReadsResult) => GuardFigures): Row[] {
  return [
    [`  ${label}: heavy req/s, p50 / p99 ms`, (r) => `${pick(r).clients}x: ${n(pick(r).loop.perS)}, ${p50p99(pick(r).loop.ms)}`],
    [`  ${label}: cheap p50 / p99 ms`, (r) => p50p99(pick(r).cheapUnderLoad)],
    [`  ${label}: cheap max ms (samples)`, (r) => `${pick(r).cheapUnderLoad.max} (${pick(r).cheapUnderLoad.count})`],
  ];
}

const ROWS: Row[] = [
  ['messages / users / conversations', (r) => `${n(r.seed.messages)} / ${n(r.seed.users)} / ${n(r.seed.conversations)}`],
  ['seed total s (messages/s)', (r) => `${r.seed.seconds} (${n(r.seed.messagesPerS)})`],
  ['  seeder CPU s', (r) => r.seed.cpuS],
  ['  insert messages / build indexes s', (r) => `${r.seed.steps['messages']} / ${r.seed.steps['indexes']}`],
  ['  fill the search index s', (r) => r.seed.steps['search index'] ?? '-'],
  ['database on disk MB (seeded / end)', (r) => `${n(r.sizeMb.seeded)} / ${n(r.sizeMb.end)}`],
  ['boot s (empty / seeded)', (r) => `${r.bootEmptyS} / ${r.bootSeededS}`],
  ['first request after boot ms (latest page)', (r) => r.firstRequest.ms],
  ['latest page p50 / p99 ms', (r) => p50p99(r.reads.latestPage.ms)],
  ['deep page p50 / p99 ms', (r) => p50p99(r.reads.deepPage.ms)],
  ['conversation list p50 / p99 ms', (r) => p50p99(r.reads.conversationList.ms)],
  ['sync page (500) p50 / p99 ms', (r) => p50p99(r.reads.syncPage.ms)],
  [`search "${SEARCHES.common}" (common) p50 / p99 ms`, (r) => p50p99(r.reads.searchCommon.ms)],
  [`search "${SEARCHES.rare}" (rare) p50 / p99 ms`, (r) => p50p99(r.reads.searchRare.ms)],
  [`  "${SEARCHES.rare}" in the searcher's messages`, (r) => r.seed.manyRareMessages],
  [`search "${SEARCHES.prefix}" (prefix) p50 / p99 ms`, (r) => p50p99(r.reads.searchPrefix.ms)],
  [`  search p99 < ${SEARCH_TARGET_P99_MS} ms (all three)`, (r) => (searchMeetsTarget(r) ? 'met' : 'not met')],
  ['full sync ms (requests)', (r) => `${n(r.sync.median.ms)} (${r.sync.median.requests})`],
  ['cheap request idle p50 / p99 ms', (r) => p50p99(r.guard.cheapIdle)],
  ['  bare node:http GET (the floor) p50 / p99 ms', (r) => p50p99(r.floor.ms)],
  ['guard: heavy read looped', (r) => r.guard.read],
  ...guardRows('1 client', (r) => r.guardOne),
  ...guardRows('N clients', (r) => r.guard),
  ['server RSS MB after the reads', (r) => r.serverRssMb],
  ['errors (wrong or failed answers)', (r) => r.errors],
];

export function formatReadsTable(results: ReadsResult[]): string {
  if (!results.length) return '';
  const first = results[0].seed;
  const title =
    `Reads at scale: ${n(first.messages)} messages; a ${n(first.bigConversationMessages)}-message conversation (deep page before=${n(Math.floor(first.bigConversationMessages / 2))}); ` +
    `a member of ${first.manyConversations} conversations; a sync after missing ${n(first.syncMissed)} messages in ${first.syncConversations} conversations`;
  const header = ['', ...results.map((r) => r.db)];
  const cells = ROWS.map(([label, value]) => [label, ...results.map((r) => String(value(r)))]);
  return ['', title, ...textTable(header, cells)].join('\n');
}
