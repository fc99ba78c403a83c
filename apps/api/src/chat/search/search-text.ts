/**
 * Chinese, Japanese and Korean scripts: ideographs (incl. extension B and beyond), kana, half-width
 * katakana and Hangul syllables. Kept in sync by hand with `parley_search_text` in the PostgreSQL
 * migration, which spells the same ranges as a regular expression.
 */
const CJK = /([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{2ffff}])/gu;

/**
 * The text the word index sees: every CJK character becomes a word of its own. Those scripts do not
 * separate words with spaces, so a word tokenizer would index "東京タワー" as one token and never find
 * 東京; a trigram index cannot match a two-character query at all. With one token per character, a
 * CJK query is a phrase of consecutive characters ("東 京"), which finds it anywhere — the same
 * recall as indexing bigrams, plus one-character queries, at about the same index size.
 */
export function searchText(text: string): string {
  return text.replace(CJK, ' $1 ');
}

export const hasCjk = (text: string) => new RegExp(CJK.source, 'u').test(text);

/** Case and accents folded the way both indexes fold them (case-insensitive, diacritics removed). */
export const foldText = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Whether one of the words of `text` starts with `prefix` (a word starts after anything but a letter or digit). */
export function hasWordStartingWith(text: string, prefix: string): boolean {
  const escaped = foldText(prefix).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}`, 'u').test(foldText(text));
}
