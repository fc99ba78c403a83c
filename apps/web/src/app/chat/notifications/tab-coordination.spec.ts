import { claimNotification, LOOKING_RENEW_MS, lookedAtElsewhere, recordNotified, setLookingAt } from './tab-coordination';

describe('tab coordination', () => {
  beforeEach(() => localStorage.clear());

  it('lets only the first tab claim a message', async () => {
    expect(recordNotified('m1')).toBe(true);
    expect(recordNotified('m1')).toBe(false);
    expect(await claimNotification('m2')).toBe(true);
    expect(await claimNotification('m2')).toBe(false);
  });

  it('knows which conversation the focused tab shows, and forgets it when that tab looks away', () => {
    setLookingAt('tab-a', 'c1');
    expect(lookedAtElsewhere('tab-b', 'c1')).toBe(true);
    expect(lookedAtElsewhere('tab-b', 'c2')).toBe(false);
    // Not "elsewhere" for the tab that is looking: its own rule decides.
    expect(lookedAtElsewhere('tab-a', 'c1')).toBe(false);
    // Another tab that is not looking clears nothing.
    setLookingAt('tab-b', null);
    expect(lookedAtElsewhere('tab-b', 'c1')).toBe(true);
    setLookingAt('tab-a', null);
    expect(lookedAtElsewhere('tab-b', 'c1')).toBe(false);
  });

  it('does not trust a note that has not been renewed (a tab that died looking)', () => {
    vi.useFakeTimers();
    try {
      setLookingAt('tab-a', 'c1');
      vi.advanceTimersByTime(3 * LOOKING_RENEW_MS);
      expect(lookedAtElsewhere('tab-b', 'c1')).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
