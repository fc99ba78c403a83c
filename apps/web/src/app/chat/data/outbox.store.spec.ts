import { TestBed } from '@angular/core/testing';
import { PendingMessage } from '../model/timeline';
import { OutboxStore } from './outbox.store';

const USER = 'u1';
const KEY = `parley.outbox.${USER}`;
const aPending = (clientMessageId: string, overrides: Partial<PendingMessage> = {}): PendingMessage => ({
  clientMessageId,
  conversationId: 'c1',
  body: `body of ${clientMessageId}`,
  createdAt: '2026-01-01T00:00:00.000Z',
  state: 'sending',
  ...overrides,
});
/** One OutboxStore per simulated tab; they share this document's localStorage, as same-origin tabs do. */
const aTab = () => {
  const tab = TestBed.runInInjectionContext(() => new OutboxStore());
  tab.load(USER);
  return tab;
};
const stored = () => (JSON.parse(localStorage.getItem(KEY) ?? '[]') as PendingMessage[]).map((e) => e.clientMessageId);
/** Browsers fire `storage` only in the other tabs; in one jsdom window we dispatch it by hand. */
const otherTabWrote = () => window.dispatchEvent(new StorageEvent('storage', { key: KEY }));

describe('OutboxStore across tabs', () => {
  beforeEach(() => localStorage.clear());

  it('keeps what another tab stored when this tab adds, updates or removes its own entries', () => {
    const first = aTab();
    const second = aTab();
    first.add(aPending('a'));
    second.add(aPending('b'));
    expect(stored()).toEqual(['a', 'b']);
    second.update('b', { state: 'failed', error: 'Not delivered.' });
    first.remove('a');
    expect(stored()).toEqual(['b']);
    expect(JSON.parse(localStorage.getItem(KEY)!)[0]).toMatchObject({ state: 'failed', error: 'Not delivered.' });
  });

  it('shows another tab’s changes when the storage event says the key changed', () => {
    const first = aTab();
    const second = aTab();
    second.add(aPending('b'));
    expect(first.all()).toEqual([]);
    otherTabWrote();
    expect(first.all().map((e) => e.clientMessageId)).toEqual(['b']);
  });

  it('reloads what a previous page left behind', () => {
    localStorage.setItem(KEY, JSON.stringify([aPending('left-over')]));
    expect(aTab().all().map((e) => e.clientMessageId)).toEqual(['left-over']);
  });
});
