import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson } from './support/browser';
import { aPerson, expectBodies, openChatWith, send, signUp } from './support/chat-page';
import { hasChromium } from './support/paths';
import { startApi, type ApiServer } from './support/server';

/** Every CSP violation the page reports, and every console error that names the policy. */
function watchViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return violations;
}

/** The app works under the API's strict policy (no inline script), and nothing it does is blocked. */
describe.skipIf(!hasChromium())('Content-Security-Policy', () => {
  let api: ApiServer;
  let browser: Browser;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('signing up, chatting live and reloading report no CSP violation; the stylesheet is applied', async () => {
    const ann = aPerson('Ann');
    const ben = aPerson('Ben');
    const first = await newPerson(browser, api.url);
    const second = await newPerson(browser, api.url);
    const violations = [first.page, second.page].map(watchViolations);

    const response = await first.page.goto('/');
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");

    await signUp(first.page, ann);
    await signUp(second.page, ben);
    await openChatWith(first.page, ben);
    await send(first.page, 'under a strict policy');
    await expectBodies(first.page, ['under a strict policy']);
    await first.page.reload();
    await expectBodies(first.page, ['under a strict policy']);

    // The global stylesheet loaded (an inline onload= that swaps it in would have been blocked).
    const media = await first.page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => (l as HTMLLinkElement).media || 'all'));
    expect(media.every((m) => m === 'all')).toBe(true);
    expect(violations.flat()).toEqual([]);
    await first.context.close();
    await second.context.close();
  });
});
