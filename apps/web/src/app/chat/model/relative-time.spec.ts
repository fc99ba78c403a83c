import { relativeTime } from './relative-time';

describe('relativeTime', () => {
  const now = new Date(2026, 2, 12, 15, 0);
  it('counts minutes and hours today, then names the day', () => {
    expect(relativeTime(new Date(2026, 2, 12, 14, 59, 40), now)).toBe('now');
    expect(relativeTime(new Date(2026, 2, 12, 14, 55), now)).toBe('5m');
    expect(relativeTime(new Date(2026, 2, 12, 11, 30), now)).toBe('3h');
    expect(relativeTime(new Date(2026, 2, 11, 23, 30), now)).toBe('Yesterday');
    expect(relativeTime(new Date(2026, 2, 9, 9, 0), now)).toMatch(/\w+/);
    expect(relativeTime(new Date(2025, 2, 9, 9, 0), now)).toContain('2025');
  });
});
