import { presenceHeadline, presenceKind, presenceLabel, timeAgo } from './presence-text';

const now = new Date(2026, 0, 10, 12, 0);
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

describe('presence text', () => {
  it('tells active, away and offline apart (status only counts while online)', () => {
    expect(presenceKind({ online: true, lastSeenAt: null, status: 'active' })).toBe('active');
    expect(presenceKind({ online: true, lastSeenAt: null })).toBe('active');
    expect(presenceKind({ online: true, lastSeenAt: null, status: 'away' })).toBe('away');
    expect(presenceKind({ online: false, lastSeenAt: ago(5), status: 'away' })).toBe('offline');
  });

  it('names each state in words, with the last time seen', () => {
    expect(presenceLabel({ online: true, lastSeenAt: null }, now)).toBe('Online');
    expect(presenceLabel({ online: true, lastSeenAt: null, status: 'away' }, now)).toBe('Away');
    expect(presenceLabel({ online: false, lastSeenAt: ago(5) }, now)).toBe('Offline, last seen 5 minutes ago');
    expect(presenceLabel({ online: false, lastSeenAt: null }, now)).toBe('Offline');
    expect(presenceHeadline({ online: true, lastSeenAt: null }, now)).toBe('Active now');
    expect(presenceHeadline({ online: true, lastSeenAt: null, status: 'away' }, now)).toBe('Away');
    expect(presenceHeadline({ online: false, lastSeenAt: ago(1) }, now)).toBe('Last seen 1 minute ago');
  });

  it('says how long ago in the largest unit that fits', () => {
    expect(timeAgo(ago(0), now)).toBe('just now');
    expect(timeAgo(ago(59), now)).toBe('59 minutes ago');
    expect(timeAgo(ago(60), now)).toBe('1 hour ago');
    expect(timeAgo(ago(11 * 60), now)).toBe('11 hours ago');
    expect(timeAgo(new Date(2026, 0, 9, 8, 0).toISOString(), now)).toBe('yesterday');
    expect(timeAgo(new Date(2026, 0, 6, 8, 0).toISOString(), now)).toBe('4 days ago');
    expect(timeAgo(new Date(2025, 11, 1, 8, 0).toISOString(), now)).toBe('on 1 Dec 2025');
  });
});
