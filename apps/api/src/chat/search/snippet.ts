import type { SearchTerm } from './search-query';
import { foldText, hasCjk } from './search-text';

const WINDOW = 160;
const LEAD = 50;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Case and accents folded, one entry per code point of the original so hits map back to it. */
function fold(text: string): { folded: string[]; chars: string[] } {
  const chars = [...text];
  return { chars, folded: chars.map(foldText) };
}

/**
 * The text around the hits, HTML-escaped, each hit in `<mark>`…`</mark>`. Computed here rather than
 * by the databases (FTS5's snippet() needs the text in the index; ts_headline does not escape) so it
 * is the same on both and safe to insert as HTML. Hits follow the search's rules: substrings of 3+
 * characters anywhere, shorter words and prefixes where a word starts, CJK characters anywhere.
 */
export function snippet(body: string, terms: readonly SearchTerm[]): string {
  const { chars, folded } = fold(body);
  const marked = new Array<boolean>(chars.length).fill(false);
  const needles = terms.flatMap((t) => (t.asSubstring ? [{ text: t.text, anywhere: !t.startsWord }] : t.tokens.map((text) => ({ text, anywhere: hasCjk(text) }))));
  for (const needle of needles) {
    const want = fold(needle.text).folded;
    if (!want.length) continue;
    for (let i = 0; i + want.length <= chars.length; i++) {
      if (!needle.anywhere && isWordChar(chars[i - 1])) continue;
      if (want.every((c, j) => folded[i + j] === c)) for (let j = 0; j < want.length; j++) marked[i + j] = true;
    }
  }
  const first = Math.max(0, marked.indexOf(true));
  const start = chars.length <= WINDOW ? 0 : Math.max(0, Math.min(first - LEAD, chars.length - WINDOW));
  const end = Math.min(chars.length, start + WINDOW);
  let out = start > 0 ? '…' : '';
  for (let i = start; i < end; ) {
    let j = i;
    while (j < end && marked[j] === marked[i]) j++;
    const text = escapeHtml(chars.slice(i, j).join(''));
    out += marked[i] ? `<mark>${text}</mark>` : text;
    i = j;
  }
  return end < chars.length ? `${out}…` : out;
}
