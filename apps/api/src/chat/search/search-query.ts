import { hasCjk, searchText } from './search-text';

/**
 * One thing the user typed, every one of which a message must match:
 * - `phrase` ("quoted words"): those words in that order;
 * - `word`: the word itself, and with 3+ characters any text containing it ("arle" finds Parley):
 *   such a one-word term is looked up in the trigram index only, which finds the word too;
 * - `prefix` (`pars*`): words starting with it. A bare last word is both a word and a prefix, so a
 *   query typed letter by letter finds as it goes. A one-word prefix of 3+ characters is looked up as
 *   a substring (trigram index) and kept where a word starts with it: the word index answers a prefix
 *   by merging the postings of every word that starts with it, which at millions of messages takes
 *   hundreds of milliseconds, while a substring's postings are walked newest first and cut short.
 */
export interface SearchTerm {
  kind: 'word' | 'prefix' | 'phrase';
  /** As typed (for substring matches and highlighting). */
  text: string;
  /** Its words the way the word index splits them (CJK characters one by one). */
  tokens: string[];
  /** Also match its words' last one as a prefix. */
  asPrefix: boolean;
  /**
   * Match it as a substring instead (trigram index): one word of 3+ characters, not CJK (whose
   * characters already match anywhere). Its text is then that word, without punctuation around it.
   */
  asSubstring: boolean;
  /** Found as a substring, but a message matches only where one of its words starts with it (`pars*`). */
  startsWord: boolean;
}

export const MAX_TERMS = 8;
/** A word starts with a letter or digit (a lone combining mark is no word) and may carry marks. */
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

export function parseSearch(q: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  // Quoted phrases first (an unclosed quote runs to the end), then the words between them.
  const parts = q.match(/"[^"]*("|$)|[^\s"]+/g) ?? [];
  const endsWithSpace = /\s$/.test(q);
  parts.forEach((part, i) => {
    const last = i === parts.length - 1 && !endsWithSpace;
    if (part.startsWith('"')) return add(terms, 'phrase', part.replace(/"/g, '').trim(), false);
    const explicitPrefix = part.endsWith('*');
    const text = part.replace(/\*/g, '');
    add(terms, explicitPrefix ? 'prefix' : 'word', text, explicitPrefix || last);
  });
  return terms;
}

function add(terms: SearchTerm[], kind: SearchTerm['kind'], text: string, asPrefix: boolean): void {
  const tokens = searchText(text).match(TOKEN) ?? [];
  if (!tokens.length) return;
  const cjk = hasCjk(text);
  const longWord = !cjk && tokens.length === 1 && [...tokens[0]].length >= 3;
  const startsWord = kind === 'prefix' && longWord;
  const asSubstring = (kind === 'word' && longWord) || startsWord;
  terms.push({ kind, text: asSubstring ? tokens[0] : text, tokens, asPrefix: asPrefix && !cjk && !asSubstring, asSubstring, startsWord });
}
