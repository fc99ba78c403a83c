import { parseSearch } from './search-query';
import { hasWordStartingWith } from './search-text';
import { snippet } from './snippet';

describe('parseSearch', () => {
  it('reads words, an explicit prefix, a quoted phrase, and the bare last word as a prefix too', () => {
    expect(parseSearch('hello pars* "big day" parl')).toEqual([
      { kind: 'word', text: 'hello', tokens: ['hello'], asPrefix: false, asSubstring: true, startsWord: false },
      { kind: 'prefix', text: 'pars', tokens: ['pars'], asPrefix: false, asSubstring: true, startsWord: true },
      { kind: 'phrase', text: 'big day', tokens: ['big', 'day'], asPrefix: false, asSubstring: false, startsWord: false },
      { kind: 'word', text: 'parl', tokens: ['parl'], asPrefix: false, asSubstring: true, startsWord: false },
    ]);
    expect(parseSearch('hello, pa')).toEqual([
      { kind: 'word', text: 'hello', tokens: ['hello'], asPrefix: false, asSubstring: true, startsWord: false },
      { kind: 'word', text: 'pa', tokens: ['pa'], asPrefix: true, asSubstring: false, startsWord: false },
    ]);
  });

  it('reads a one-word prefix of 3+ characters as a substring that must start a word, a shorter one as a prefix', () => {
    expect(parseSearch('pa* 東京* "big d"*').map(({ kind, asPrefix, asSubstring, startsWord }) => ({ kind, asPrefix, asSubstring, startsWord }))).toEqual([
      { kind: 'prefix', asPrefix: true, asSubstring: false, startsWord: false },
      { kind: 'prefix', asPrefix: false, asSubstring: false, startsWord: false },
      { kind: 'phrase', asPrefix: false, asSubstring: false, startsWord: false },
    ]);
  });

  it('splits CJK text into characters and matches it as a phrase, never as a prefix or substring', () => {
    expect(parseSearch('東京')).toEqual([{ kind: 'word', text: '東京', tokens: ['東', '京'], asPrefix: false, asSubstring: false, startsWord: false }]);
  });

  it('drops what holds no letters or digits, so query syntax in the input is inert', () => {
    expect(parseSearch('* "" ( ) - : \u0301')).toEqual([]);
    expect(parseSearch('a" OR b').map((t) => t.kind)).toEqual(['word', 'phrase']);
  });
});

describe('hasWordStartingWith', () => {
  it('is true where a word starts with the prefix, ignoring case and accents, and false inside a word', () => {
    expect(hasWordStartingWith('Parsing is fun', 'pars')).toBe(true);
    expect(hasWordStartingWith('a sparse tree', 'pars')).toBe(false);
    expect(hasWordStartingWith('re-Pärsed (x.y)', 'PARS')).toBe(true);
    expect(hasWordStartingWith('x.y+z', 'y+z')).toBe(true);
    expect(hasWordStartingWith('nothing', 'pars')).toBe(false);
  });
});

describe('snippet', () => {
  it('marks a prefix only where a word starts', () => {
    expect(snippet('sparse parsing', parseSearch('pars* x'))).toBe('sparse <mark>pars</mark>ing');
  });

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
