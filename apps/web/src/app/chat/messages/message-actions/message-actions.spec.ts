import { gridMove } from '../emoji-picker/grid-navigation';
import { filterEmoji } from '../emoji-picker/emoji-data';
import { messageActions, reactionToggle } from './message-actions';

describe('message actions', () => {
  it('offer reply and react on anyone’s stored message, edit and delete only on mine', () => {
    expect(messageActions({ id: 'm1', mine: false, deleted: false })).toEqual({ reply: true, react: true, edit: false, delete: false });
    expect(messageActions({ id: 'm1', mine: true, deleted: false })).toEqual({ reply: true, react: true, edit: true, delete: true });
  });

  it('offer nothing on a message still sending (no id) or a deleted one', () => {
    const none = { reply: false, react: false, edit: false, delete: false };
    expect(messageActions({ id: null, mine: true, deleted: false })).toEqual(none);
    expect(messageActions({ id: 'm1', mine: true, deleted: true })).toEqual(none);
  });

  it('toggle my reaction: add when I have not reacted with that emoji, remove when I have', () => {
    const chips = [
      { emoji: '👍', mine: true },
      { emoji: '🎉', mine: false },
    ];
    expect(reactionToggle(chips, '👍')).toBe('remove');
    expect(reactionToggle(chips, '🎉')).toBe('add');
    expect(reactionToggle(chips, '🔥')).toBe('add');
  });
});

describe('emoji picker keyboard and filter', () => {
  it('moves through the grid with arrows, Home and End, staying inside it', () => {
    expect(gridMove('ArrowRight', 0, 20, 8)).toBe(1);
    expect(gridMove('ArrowLeft', 0, 20, 8)).toBe(0);
    expect(gridMove('ArrowDown', 3, 20, 8)).toBe(11);
    expect(gridMove('ArrowDown', 15, 20, 8)).toBe(15);
    expect(gridMove('ArrowUp', 11, 20, 8)).toBe(3);
    expect(gridMove('End', 0, 20, 8)).toBe(19);
    expect(gridMove('Home', 7, 20, 8)).toBe(0);
    expect(gridMove('a', 0, 20, 8)).toBeNull();
  });

  it('finds emoji by every word of their name', () => {
    expect(filterEmoji('thumbs up').map((e) => e.emoji)).toEqual(['👍']);
    expect(filterEmoji('heart').map((e) => e.emoji)).toContain('❤️');
    expect(filterEmoji('').length).toBeGreaterThan(40);
  });
});
