import { PresenceState } from '@parley/contract';

export type PresenceKind = 'active' | 'away' | 'offline';

export function presenceKind(state: PresenceState): PresenceKind {
  if (!state.online) return 'offline';
  return state.status === 'away' ? 'away' : 'active';
}

/** "just now", "5 minutes ago", "1 hour ago", "yesterday", "3 days ago", "on 12 Mar 2025". */
export function timeAgo(iso: string, now: Date): string {
  const then = new Date(iso);
  const minutes = Math.floor((now.getTime() - then.getTime()) / 60_000);
  if (!Number.isFinite(minutes) || minutes < 1) return 'just now';
  if (minutes < 60) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return hours === 1 ? '1 hour ago' : `${hours} hours ago`;
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOf(now) - startOf(then)) / 86_400_000);
  if (days <= 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  const sameYear = then.getFullYear() === now.getFullYear();
  return `on ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: sameYear ? undefined : 'numeric' }).format(then)}`;
}

/** What a dot stands for, in words: "Online", "Away", "Offline, last seen 5 minutes ago", "Offline". */
export function presenceLabel(state: PresenceState, now: Date): string {
  switch (presenceKind(state)) {
    case 'active':
      return 'Online';
    case 'away':
      return 'Away';
    default:
      return state.lastSeenAt ? `Offline, last seen ${timeAgo(state.lastSeenAt, now)}` : 'Offline';
  }
}

/** Under a direct conversation's name: "Active now", "Away", "Last seen 5 minutes ago", "Offline". */
export function presenceHeadline(state: PresenceState, now: Date): string {
  switch (presenceKind(state)) {
    case 'active':
      return 'Active now';
    case 'away':
      return 'Away';
    default:
      return state.lastSeenAt ? `Last seen ${timeAgo(state.lastSeenAt, now)}` : 'Offline';
  }
}
