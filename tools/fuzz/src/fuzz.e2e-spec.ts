import { describe, expect, it } from 'vitest';
import { runFuzz } from './fuzz';

/** The short, seeded run inside `npm test`: the same inputs every time, so a finding can be replayed with `npm run fuzz -- --seed 1`. */
describe('fuzzing every REST route and socket event (seed 1, 30 s)', () => {
  it('finds no 5xx, no error-level log line, no exit and no change to the canary conversation', async () => {
    const report = await runFuzz({ seed: 1, durationMs: 30_000 });
    console.log(`fuzz: ${report.requests} requests over ${report.routes} routes, ${report.events} socket events, ${report.handshakes} handshakes; statuses ${JSON.stringify(report.statuses)}`);
    expect(report.findings).toEqual([]);
    expect(report.routes).toBeGreaterThanOrEqual(10);
    // What a 2-core machine shared with other work manages in 30 s (argon2 signups and logins are the slow part).
    expect(report.requests).toBeGreaterThan(400);
    expect(report.events).toBeGreaterThan(150);
  });
});
