import { parseSnippet, unescapeHtml } from './snippet';

describe('parseSnippet', () => {
  it('splits escaped text into text and mark segments', () => {
    expect(parseSnippet('say <mark>hello</mark> to <mark>Parley</mark>!')).toEqual([
      { text: 'say ', mark: false },
      { text: 'hello', mark: true },
      { text: ' to ', mark: false },
      { text: 'Parley', mark: true },
      { text: '!', mark: false },
    ]);
  });

  it('decodes the escaped text, so markup in a message shows as the characters typed and never as HTML', () => {
    const segments = parseSnippet('&lt;img src=x onerror=alert(1)&gt; &amp; <mark>&quot;caf&#233;&quot;</mark> &#x27;ok&#39;');
    expect(segments).toEqual([
      { text: '<img src=x onerror=alert(1)> & ', mark: false },
      { text: '"café"', mark: true },
      { text: " 'ok'", mark: false },
    ]);
  });

  it('honours only <mark>: any other tag stays text, and an unclosed mark runs to the end', () => {
    expect(parseSnippet('<b>x</b> <mark>y')).toEqual([
      { text: '<b>x</b> ', mark: false },
      { text: 'y', mark: true },
    ]);
  });

  it('keeps CJK hits and joins adjacent marks', () => {
    expect(parseSnippet('<mark>東</mark><mark>京</mark>タワー')).toEqual([
      { text: '東京', mark: true },
      { text: 'タワー', mark: false },
    ]);
  });

  it('leaves unknown or out-of-range entities as typed', () => {
    expect(unescapeHtml('&nbsp; &#0; &#x110000; &bogus;')).toBe('&nbsp; &#0; &#x110000; &bogus;');
    expect(parseSnippet('')).toEqual([]);
  });
});
