/** A small, hand-picked set (with names, for screen readers and the filter): what a chat reaction needs most. */
export interface EmojiEntry {
  emoji: string;
  name: string;
}

export const EMOJI: readonly EmojiEntry[] = [
  ['👍', 'thumbs up'], ['👎', 'thumbs down'], ['❤️', 'red heart'], ['😂', 'face with tears of joy'],
  ['🎉', 'party popper'], ['😮', 'face with open mouth'], ['😢', 'crying face'], ['🙏', 'folded hands'],
  ['😀', 'grinning face'], ['😄', 'grinning face with smiling eyes'], ['😅', 'grinning face with sweat'], ['🤣', 'rolling on the floor laughing'],
  ['😊', 'smiling face with smiling eyes'], ['😍', 'smiling face with heart-eyes'], ['😘', 'face blowing a kiss'], ['😎', 'smiling face with sunglasses'],
  ['🤔', 'thinking face'], ['🙄', 'face with rolling eyes'], ['😬', 'grimacing face'], ['😴', 'sleeping face'],
  ['😡', 'enraged face'], ['🤯', 'exploding head'], ['🥳', 'partying face'], ['🤗', 'smiling face with open hands'],
  ['👏', 'clapping hands'], ['🙌', 'raising hands'], ['👋', 'waving hand'], ['💪', 'flexed biceps'],
  ['👀', 'eyes'], ['🤝', 'handshake'], ['✌️', 'victory hand'], ['👌', 'OK hand'],
  ['🔥', 'fire'], ['✨', 'sparkles'], ['💯', 'hundred points'], ['✅', 'check mark button'],
  ['❌', 'cross mark'], ['⚠️', 'warning'], ['❓', 'question mark'], ['💡', 'light bulb'],
  ['🚀', 'rocket'], ['⭐', 'star'], ['🎂', 'birthday cake'], ['☕', 'hot beverage'],
  ['🍕', 'pizza'], ['🍻', 'clinking beer mugs'], ['💔', 'broken heart'], ['🫡', 'saluting face'],
].map(([emoji, name]) => ({ emoji, name }));

const byEmoji = new Map(EMOJI.map((e) => [e.emoji, e]));

/** A name for any emoji (one outside the set, from another device, is just itself). */
export const emojiName = (emoji: string): string => byEmoji.get(emoji)?.name ?? emoji;

/** The entries whose name contains every word typed, in the set's order. */
export function filterEmoji(query: string): EmojiEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return words.length === 0 ? [...EMOJI] : EMOJI.filter((e) => words.every((w) => e.name.toLowerCase().includes(w)));
}
