/**
 * Several tabs of one browser each hear every message: one notification (and one beep) between them,
 * and none while any tab shows that conversation to someone looking at it.
 */
const NOTIFIED_KEY = 'parley.notifiedMessages';
const LOOKING_KEY = 'parley.lookingAt';
const NOTIFIED_KEPT = 200;
/** The looking tab renews its note this often; one older than LOOKING_STALE_MS is a tab that died looking. */
export const LOOKING_RENEW_MS = 60_000;
const LOOKING_STALE_MS = 3 * LOOKING_RENEW_MS;

interface LookingAt {
  tab: string;
  conversationId: string;
  at: number;
}

function read<T>(key: string): T | null {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage disabled: each tab decides alone.
  }
}

/** True for the first tab to ask about this message id (the check and the note happen under one lock). */
export function recordNotified(messageId: string): boolean {
  const ids = read<string[]>(NOTIFIED_KEY);
  const known = Array.isArray(ids) ? ids : [];
  if (known.includes(messageId)) return false;
  write(NOTIFIED_KEY, [...known, messageId].slice(-NOTIFIED_KEPT));
  return true;
}

/** Web Locks serialise the tabs' check-and-note; without them (old browsers) each tab decides alone. */
export async function claimNotification(messageId: string): Promise<boolean> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return recordNotified(messageId);
  return locks.request('parley-notify', () => recordNotified(messageId));
}

/** Only the focused tab is looked at: it says which conversation it shows (or that it shows none). */
export function setLookingAt(tab: string, conversationId: string | null): void {
  const current = read<LookingAt>(LOOKING_KEY);
  if (conversationId) write(LOOKING_KEY, { tab, conversationId, at: Date.now() });
  else if (current?.tab === tab) write(LOOKING_KEY, null);
}

/** Another tab of this browser has this conversation in front of someone. */
export function lookedAtElsewhere(tab: string, conversationId: string): boolean {
  const current = read<LookingAt>(LOOKING_KEY);
  return !!current && current.tab !== tab && current.conversationId === conversationId && Date.now() - current.at < LOOKING_STALE_MS;
}
