/** The reads-at-scale table: one column per database. */
import type { LatencySummary } from '../bench-types';
import type { ReadsResult } from './reads-types';

type Row = [label: string, value: (r: ReadsResult) => string | number];

const n = (value: number) => value.toLocaleString('en');
const p50p99 = (ms: LatencySummary) => `${ms.p50} / ${ms.p99}`;

const ROWS: Row[] = [
  ['messages / users / conversations', (r) => `${n(r.seed.messages)} / ${n(r.seed.users)} / ${n(r.seed.conversations)}`],
  ['seed total s (messages/s)', (r) => `${r.seed.seconds} (${n(r.seed.messagesPerS)})`],
  ['  insert messages / build indexes s', (r) => `${r.seed.steps['messages']} / ${r.seed.steps['indexes']}`],
  ['database on disk MB (seeded / end)', (r) => `${n(r.sizeMb.seeded)} / ${n(r.sizeMb.end)}`],
  ['boot s (empty / seeded)', (r) => `${r.bootEmptyS} / ${r.bootSeededS}`],
  ['latest page p50 / p99 ms', (r) => p50p99(r.reads.latestPage.ms)],
  ['deep page p50 / p99 ms', (r) => p50p99(r.reads.deepPage.ms)],
  ['conversation list p50 / p99 ms', (r) => p50p99(r.reads.conversationList.ms)],
  ['sync page (500) p50 / p99 ms', (r) => p50p99(r.reads.syncPage.ms)],
  ['full sync ms (requests)', (r) => `${n(r.sync.median.ms)} (${r.sync.median.requests})`],
  ['cheap request idle p50 / p99 ms', (r) => p50p99(r.guard.cheapIdle)],
  ['guard: heavy read looped', (r) => `${r.guard.read} x${r.guard.clients}`],
  ['  heavy read req/s, p50 / p99 ms', (r) => `${n(r.guard.loop.perS)}, ${p50p99(r.guard.loop.ms)}`],
  ['  cheap request p50 / p99 ms', (r) => p50p99(r.guard.cheapUnderLoad)],
  ['  cheap request max ms (samples)', (r) => `${r.guard.cheapUnderLoad.max} (${r.guard.cheapUnderLoad.count})`],
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
  const widths = header.map((_, i) => Math.max(...[header, ...cells].map((row) => row[i].length)));
  const format = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return ['', title, format(header), ...cells.map(format)].join('\n');
}
