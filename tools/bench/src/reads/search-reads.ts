/** The searches of the reads bench: what the member of many conversations types, and what a right answer holds. */
import { Limits, type SearchResponse } from '@parley/contract';
import { RARE_WORD } from './seed-rows';

/**
 * A word of most seeded bodies (3+ letters: matched as a substring, by the trigram index), seed-rows.ts's
 * rare word, and a prefix (the word index).
 */
export const SEARCHES = { common: 'staging', rare: RARE_WORD, prefix: 'stag*' } as const;

export const searchPath = (q: string) => `/api/search?q=${encodeURIComponent(q)}`;

/** A first page of hits, each with `matches` in its body; with `count`, exactly that many. */
const hits = (matches: RegExp, count?: number) => (b: unknown) => {
  const items = (b as SearchResponse).items;
  return (count === undefined ? items.length > 0 : items.length === count) && items.every((h) => matches.test(h.message.body));
};

/** `rareMessages`: how many of the searcher's messages hold the rare word (the seed knows). */
export function searchChecks(rareMessages: number) {
  return {
    searchCommon: hits(new RegExp(SEARCHES.common)),
    searchRare: hits(new RegExp(`\\b${SEARCHES.rare}\\b`), Math.min(Limits.searchPageDefault, rareMessages)),
    searchPrefix: hits(new RegExp(`\\b${SEARCHES.prefix.replace('*', '')}`)),
  };
}
