import { isSingleEmoji } from './emoji';

describe('isSingleEmoji', () => {
  it.each(['👍', '❤️', '👨‍👩‍👧‍👦', '🇯🇵', '1️⃣', '👍🏽', '☺', '🏳️‍🌈'])('accepts %s', (emoji) => {
    expect(isSingleEmoji(emoji)).toBe(true);
  });

  it.each(['', 'a', '1', '#', '👍👍', '👍 ', 'ok', '<b>', '\u200d', '東'])('refuses %j', (text) => {
    expect(isSingleEmoji(text)).toBe(false);
  });
});
