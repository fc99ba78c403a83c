import { statementCache, withDates } from './sqlite-connection';

describe('statementCache', () => {
  it('prepares a text once and drops the least recently used past its bound', () => {
    const prepared: string[] = [];
    const prepare = statementCache((text) => {
      prepared.push(text);
      return { text };
    }, 2);
    const a = prepare('a');
    prepare('b');
    expect(prepare('a')).toBe(a); // a is now the most recently used
    prepare('c'); // drops b
    prepare('a');
    prepare('b');
    expect(prepared).toEqual(['a', 'b', 'c', 'b']);
  });
});

describe('withDates', () => {
  it('turns the named columns holding SQLite datetime text into Dates and leaves the rest', () => {
    const row = withDates({ createdAt: '2026-01-02 03:04:05.678', deletedAt: null, body: '2026-01-02 03:04:05.678', n: 1 }, new Set(['createdAt', 'deletedAt']));
    expect(row).toEqual({ createdAt: new Date('2026-01-02T03:04:05.678Z'), deletedAt: null, body: '2026-01-02 03:04:05.678', n: 1 });
  });
});
