import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson } from './support/browser';
import { aPerson, expectBodies, openChatWith, send, signUp } from './support/chat-page';
import { hasChromium } from './support/paths';
import { startApi, type ApiServer } from './support/server';

const TTL_SECONDS = 3;

describe.skipIf(!hasChromium())('an access token that expires mid-session', () => {
  let api: ApiServer;
  let browser: Browser;

  beforeAll(async () => {
    api = await startApi({ ACCESS_TOKEN_TTL: String(TTL_SECONDS) });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('is renewed transparently for API calls and for the socket', async () => {
    const ivy = aPerson('Ivy');
    const jack = aPerson('Jack');
    const i = await newPerson(browser, api.url);
    const j = await newPerson(browser, api.url);
    await signUp(i.page, ivy);
    await signUp(j.page, jack);
    // Counted from here: the visit to /signup itself made one refused refresh (no cookie yet).
    const refreshes: string[] = [];
    i.page.on('response', (r) => r.url().endsWith('/api/auth/refresh') && refreshes.push(String(r.status())));

    // Every REST call below starts with an expired token: the interceptor refreshes and retries.
    await i.page.waitForTimeout((TTL_SECONDS + 1) * 1000);
    await openChatWith(i.page, jack);
    await openChatWith(j.page, ivy);
    expect(refreshes).toContain('200');

    // The sockets reconnect after a restart holding expired tokens: refused, refreshed, reconnected. The
    // server stays down past the token lifetime, as the clients renew their tokens while connected.
    const beforeRestart = refreshes.length;
    await api.kill();
    await i.page.waitForTimeout((TTL_SECONDS + 1) * 1000);
    await api.start();
    await send(i.page, 'still here');
    await expectBodies(j.page, ['still here']);
    await send(j.page, 'me too');
    await expectBodies(i.page, ['still here', 'me too']);
    expect(new URL(i.page.url()).pathname).toMatch(/^\/chat\//);
    expect(refreshes.length).toBeGreaterThan(beforeRestart);
    // One shared refresh at a time: a replayed (rotated) refresh token would have been refused with 401.
    expect(refreshes.filter((s) => s !== '200')).toEqual([]);
  });
});
