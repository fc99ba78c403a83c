/** The idle-memory table: one column per target, Parley's ratio to the relay's cost. */
import { textTable } from '../table';
import { SOCKETS_PER_USER, type IdleResult } from './run-idle';

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export function formatIdleTable(results: IdleResult[]): string {
  if (!results.length) return '';
  const relay = results.find((r) => r.target === 'relay');
  const ratio = (r: IdleResult) => (relay && r !== relay && relay.rssBytesPerSocket > 0 ? ` (${(r.rssBytesPerSocket / relay.rssBytesPerSocket).toFixed(2)}x)` : '');
  const rows: Array<[string, (r: IdleResult) => string]> = [
    ['idle authenticated sockets', (r) => r.sockets.toLocaleString('en')],
    ['connected in s', (r) => String(r.connectS)],
    ['RSS MB before / after (after GC)', (r) => `${mb(r.before.rssBytes)} / ${mb(r.after.rssBytes)}`],
    ['heap MB before / after', (r) => `${mb(r.before.heapUsedBytes)} / ${mb(r.after.heapUsedBytes)}`],
    ['RSS KB per socket', (r) => kb(r.rssBytesPerSocket) + ratio(r)],
    ['heap KB per socket', (r) => kb(r.heapBytesPerSocket)],
  ];
  const header = ['', ...results.map((r) => r.target)];
  const cells = rows.map(([label, value]) => [label, ...results.map(value)]);
  return [`\nIdle memory: ${results[0].sockets.toLocaleString('en')} idle sockets, ${SOCKETS_PER_USER} per user`, ...textTable(header, cells)].join('\n');
}
