import { linkify } from './linkify';

describe('linkify', () => {
  it('returns plain text as one text segment', () => {
    expect(linkify('hello\nworld')).toEqual([{ kind: 'text', text: 'hello\nworld' }]);
  });

  it('splits http and https links out of the text', () => {
    expect(linkify('see https://example.com/a?b=1 and http://x.org')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org' },
    ]);
  });

  it('leaves trailing sentence punctuation outside the link', () => {
    expect(linkify('go to https://example.com.')).toEqual([
      { kind: 'text', text: 'go to ' },
      { kind: 'link', text: 'https://example.com', href: 'https://example.com' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('keeps balanced parentheses but not an enclosing one', () => {
    const wiki = 'https://en.wikipedia.org/wiki/Foo_(bar)';
    expect(linkify(`(${wiki})`)).toEqual([
      { kind: 'text', text: '(' },
      { kind: 'link', text: wiki, href: wiki },
      { kind: 'text', text: ')' },
    ]);
  });

  it('never turns other schemes into links', () => {
    for (const body of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://host/file', 'mailto:a@b.c']) {
      expect(linkify(body).every((segment) => segment.kind === 'text')).toBe(true);
    }
  });

  it('keeps markup as text', () => {
    expect(linkify('<img src=x onerror=alert(1)>')).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)>' }]);
  });

  it('does not link a scheme without a host', () => {
    expect(linkify('https:// nothing')).toEqual([{ kind: 'text', text: 'https:// nothing' }]);
  });

  it('links a bare www. host over https, keeping the text as typed', () => {
    expect(linkify('try www.example.com/docs, then http://www.x.org')).toEqual([
      { kind: 'text', text: 'try ' },
      { kind: 'link', text: 'www.example.com/docs', href: 'https://www.example.com/docs' },
      { kind: 'text', text: ', then ' },
      { kind: 'link', text: 'http://www.x.org', href: 'http://www.x.org' },
    ]);
    expect(linkify('a www. alone')).toEqual([{ kind: 'text', text: 'a www. alone' }]);
  });
});
