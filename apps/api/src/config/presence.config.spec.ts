import { PRESENCE_CRASH_BOUND_MS, PRESENCE_OFFLINE_BOUND_MS, readPresenceConfig } from './presence.config';

describe('presence configuration', () => {
  it('defaults to bounds within the documented ones: offline 3 s + 1 s after a clean disconnect, 30 s + 1 s after a crash', () => {
    const config = readPresenceConfig({});
    expect(config).toEqual({ offlineGraceMs: 3_000, sweepIntervalMs: 1_000, heartbeatIntervalMs: 10_000, processTimeoutMs: 30_000 });
    expect(config.offlineGraceMs + config.sweepIntervalMs).toBeLessThan(PRESENCE_OFFLINE_BOUND_MS);
    expect(config.processTimeoutMs + config.sweepIntervalMs + config.offlineGraceMs).toBeLessThan(PRESENCE_CRASH_BOUND_MS);
  });

  it('refuses settings that would break a bound or take a late heartbeat for a death', () => {
    expect(() => readPresenceConfig({ PRESENCE_OFFLINE_GRACE_MS: '1000' })).toThrow(/PRESENCE_OFFLINE_GRACE_MS must be a whole number from 2000/);
    expect(() => readPresenceConfig({ PRESENCE_OFFLINE_GRACE_MS: '8000', PRESENCE_SWEEP_INTERVAL_MS: '2000' })).toThrow(/must stay below 10000 ms/);
    expect(() => readPresenceConfig({ PRESENCE_HEARTBEAT_INTERVAL_MS: '20000', PRESENCE_PROCESS_TIMEOUT_MS: '30000' })).toThrow(/at least twice/);
    // The slowest settings allowed still keep the crash bound.
    const slowest = readPresenceConfig({ PRESENCE_PROCESS_TIMEOUT_MS: '50000', PRESENCE_SWEEP_INTERVAL_MS: '2000', PRESENCE_OFFLINE_GRACE_MS: '7999' });
    expect(slowest.processTimeoutMs + slowest.sweepIntervalMs + slowest.offlineGraceMs).toBeLessThan(PRESENCE_CRASH_BOUND_MS);
  });
});
