import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchBrowser, newPerson } from './support/browser';
import { aPerson, signUp, conversationsNav } from './support/chat-page';
import { hasChromium } from './support/paths';
import { startApi, type ApiServer } from './support/server';

describe.skipIf(!hasChromium())('logging out in one tab', () => {
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

  it('logs out every tab of that browser', async () => {
    const eve = aPerson('Eve');
    const { context, page: first } = await newPerson(browser, api.url);
    await signUp(first, eve);
    const second = await context.newPage();
    await second.goto('/chat');
    await conversationsNav(second).waitFor();

    await conversationsNav(first).getByRole('button', { name: 'Log out' }).click();
    await first.waitForURL('**/login');
    // Within a second or two: the tab hears it from the first (BroadcastChannel) or from the server closing its socket.
    await second.waitForURL(/\/login(\?|$)/, { timeout: 3_000 });
    // And it stays logged out: a reload finds no session either.
    await second.goto('/chat');
    await second.waitForURL('**/login?returnUrl=%2Fchat');
    await context.close();
  });
});
