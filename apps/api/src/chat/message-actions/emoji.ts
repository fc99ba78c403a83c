import { Limits } from '@parley/contract';

// Built at run time: the `v` flag (for \p{RGI_Emoji}, which covers ZWJ sequences, flags, keycaps and
// skin tones) is newer than the compile target.
const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
/** A pictograph with text presentation by default (☺, ✔), alone or with its emoji variation selector. */
const PICTOGRAPH = /^\p{Extended_Pictographic}\uFE0F?$/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** One emoji: a single extended grapheme cluster that is an emoji (not a digit, letter or "#"). */
export function isSingleEmoji(text: string): boolean {
  if (!text || text.length > Limits.emojiMax) return false;
  const clusters = [...graphemes.segment(text)];
  return clusters.length === 1 && (RGI_EMOJI.test(text) || PICTOGRAPH.test(text));
}
