/**
 * Epoch milliseconds as TypeORM's SQLite datetime text, UTC 'YYYY-MM-DD HH:MM:SS.SSS' (what the server
 * stores and compares). Without a Date per value: the seeder formats millions of them.
 */
const DAY_MS = 86_400_000;
let cachedDay = Number.NaN;
let cachedPrefix = '';

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

export function toSqliteDate(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 10) + ' ';
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return `${cachedPrefix}${pad2(h)}:${pad2(m)}:${pad2(s)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}`;
}
