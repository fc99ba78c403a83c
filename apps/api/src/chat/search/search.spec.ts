import { parseSearch } from './search-query';
import { snippet } from './snippet';

describe('parseSearch', () => {
  it('reads words, an explicit prefix, a quoted phrase, and the bare last word as a prefix too', () => {
    expect(parseSearch('hello pars* "big day" parl')).toEqual([
      { kind: 'word', text: 'hello', tokens: ['hello'], asPrefix: false, asSubstring: true },
      { kind: 'prefix', text: 'pars', tokens: ['pars'], asPrefix: true, asSubstring: false },
      { kind: 'phrase', text: 'big day', tokens: ['big', 'day'], asPrefix: false, asSubstring: false },
      { kind: 'word', text: 'parl', tokens: ['parl'], asPrefix: false, asSubstring: true },
    ]);
    expect(parseSearch('hello, pa')).toEqual([
      { kind: 'word', text: 'hello', tokens: ['hello'], asPrefix: false, asSubstring: true },
      { kind: 'word', text: 'pa', tokens: ['pa'], asPrefix: true, asSubstring: false },
    ]);
  });

  it('splits CJK text into characters and matches it as a phrase, never as a prefix or substring', () => {
    expect(parseSearch('東京')).toEqual([{ kind: 'word', text: '東京', tokens: ['東', '京'], asPrefix: false, asSubstring: false }]);
  });

  it('drops what holds no letters or digits, so query syntax in the input is inert', () => {
    expect(parseSearch('* "" ( ) - : \u0301')).toEqual([]);
    expect(parseSearch('a" OR b').map((t) => t.kind)).toEqual(['word', 'phrase']);
  });
});

describe('snippet', () => {
  it('marks case- and accent-insensitive hits and escapes everything', () => {
    expect(snippet('<b>Café</b> & CAFE', parseSearch('cafe'))).toBe('&lt;b&gt;<mark>Café</mark>&lt;/b&gt; &amp; <mark>CAFE</mark>');
  });

  it('marks short words only where a word starts, substrings anywhere', () => {
    expect(snippet('an banana', parseSearch('an '))).toBe('<mark>an</mark> banana');
    expect(snippet('Parley', parseSearch('arle'))).toBe('P<mark>arle</mark>y');
  });

  it('marks CJK characters inside a run', () => {
    expect(snippet('東京タワーに行く', parseSearch('東京'))).toBe('<mark>東京</mark>タワーに行く');
  });

  it('cuts a long text around the first hit', () => {
    const text = `${'x '.repeat(200)}needle${' y'.repeat(200)}`;
    const cut = snippet(text, parseSearch('needle'));
    expect(cut.startsWith('…') && cut.endsWith('…')).toBe(true);
    expect(cut).toContain('<mark>needle</mark>');
    expect(cut.length).toBeLessThan(200);
  });
});
