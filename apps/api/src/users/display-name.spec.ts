import { hasVisibleCharacter, sanitizeDisplayName } from './display-name';

describe('display names', () => {
  it('strips terminal escapes, bidi controls and other control characters, and collapses whitespace', () => {
    expect(sanitizeDisplayName('\u001b[31mRed\u001b[0m Admin')).toBe('Red Admin');
    expect(sanitizeDisplayName('\u001b]0;title\u0007Bob')).toBe('Bob');
    expect(sanitizeDisplayName('evil\u202Egnp.exe')).toBe('evilgnp.exe');
    expect(sanitizeDisplayName('a\u2066b\u2069c\u200Fd')).toBe('abcd');
    expect(sanitizeDisplayName('  tab\there\nnew  line ')).toBe('tab here new line');
    expect(sanitizeDisplayName('Zoë')).toBe('Zoë');
    expect(sanitizeDisplayName(42)).toBe(42);
  });

  it('tells names with something visible from invisible-only ones', () => {
    expect(hasVisibleCharacter('Ada')).toBe(true);
    expect(hasVisibleCharacter('李')).toBe(true);
    for (const blank of ['\u200B\u200B', '\u3164', '\u2800', '\u00AD', '\u200D\uFEFF', '\u0301', ' ']) expect(hasVisibleCharacter(blank)).toBe(false);
  });
});
