import { TestBed } from '@angular/core/testing';
import { Limits } from '@parley/contract';
import { fakeSocket } from '../testing/fake-socket';
import { AwayDetector, LAST_INPUT_KEY } from './away-detector.service';

function setup() {
  const { fake, provider } = fakeSocket();
  TestBed.configureTestingModule({ providers: [provider, AwayDetector] });
  return { fake, detector: TestBed.inject(AwayDetector) };
}

/** Another tab of this browser writes its latest input: this tab hears of it by a storage event. */
function inputInAnotherTab(at = Date.now()): void {
  localStorage.setItem(LAST_INPUT_KEY, String(at));
  window.dispatchEvent(new StorageEvent('storage', { key: LAST_INPUT_KEY, newValue: String(at) }));
}

describe('AwayDetector', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('reports away after the quiet period, and active on the next key or pointer', async () => {
    const { fake, detector } = setup();
    await vi.advanceTimersByTimeAsync(Limits.awayAfterMs - 1);
    expect(fake.setPresenceStatus).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(detector.status()).toBe('away');
    expect(fake.setPresenceStatus).toHaveBeenLastCalledWith('away');

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    expect(detector.status()).toBe('active');
    expect(fake.setPresenceStatus).toHaveBeenLastCalledWith('active');
    expect(fake.setPresenceStatus).toHaveBeenCalledTimes(2);
  });

  it('input here moves the deadline on, and is shared with the other tabs', async () => {
    const { detector } = setup();
    await vi.advanceTimersByTimeAsync(Limits.awayAfterMs - 10_000);
    window.dispatchEvent(new Event('pointerdown'));
    expect(Number(localStorage.getItem(LAST_INPUT_KEY))).toBe(Date.now());
    await vi.advanceTimersByTimeAsync(Limits.awayAfterMs - 1);
    expect(detector.status()).toBe('active');
    await vi.advanceTimersByTimeAsync(1);
    expect(detector.status()).toBe('away');
  });

  it('stays active while another tab has input, even one it did not hear of', async () => {
    const { fake, detector } = setup();
    await vi.advanceTimersByTimeAsync(Limits.awayAfterMs / 2);
    inputInAnotherTab();
    await vi.advanceTimersByTimeAsync(Limits.awayAfterMs / 2 + 1_000);
    // Written by another tab without an event (this one was frozen): read when the deadline comes.
    localStorage.setItem(LAST_INPUT_KEY, String(Date.now()));
    await vi.advanceTimersByTimeAsync(Limits.awayAfterMs / 2);
    expect(detector.status()).toBe('active');
    expect(fake.setPresenceStatus).not.toHaveBeenCalled();
  });

  it('comes back from away when another tab gets input', async () => {
    const { fake, detector } = setup();
    await vi.advanceTimersByTimeAsync(Limits.awayAfterMs);
    expect(detector.status()).toBe('away');
    inputInAnotherTab();
    expect(detector.status()).toBe('active');
    expect(fake.setPresenceStatus).toHaveBeenLastCalledWith('active');
  });

  it('tells every new socket where it stands', async () => {
    const { fake } = setup();
    fake.connected$.next({ reconnect: false });
    expect(fake.setPresenceStatus).toHaveBeenLastCalledWith('active');
    await vi.advanceTimersByTimeAsync(Limits.awayAfterMs);
    fake.connected$.next({ reconnect: true });
    expect(fake.setPresenceStatus).toHaveBeenLastCalledWith('away');
  });
});
