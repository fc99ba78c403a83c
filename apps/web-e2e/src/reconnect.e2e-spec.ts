import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson } from './support/browser';
import { aPerson, eventually, expectBodies, messageLog, openChatWith, send, signUp } from './support/chat-page';
import { hasChromium } from './support/paths';
import { startApi, type ApiServer } from './support/server';

const banner = 'Connection lost. Reconnecting…';

describe.skipIf(!hasChromium())('losing the server and coming back', () => {
  let api: ApiServer;
  let browser: Browser;
  const erin = aPerson('Erin');
  const frank = aPerson('Frank');

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('queues what is typed while down, and catches the other side up without duplicates', async () => {
    const e = await newPerson(browser, api.url);
    const f = await newPerson(browser, api.url);
    // Frank's socket connections can be held back on their own (like a phone in a tunnel), so he misses
    // the live events and must catch up. A held connection goes through once he is back.
    let frankOffline = false;
    await f.context.routeWebSocket(/\/socket\.io\//, async (ws) => {
      while (frankOffline) await new Promise((r) => setTimeout(r, 100));
      ws.connectToServer();
    });
    await signUp(e.page, erin);
    await signUp(f.page, frank);
    await openChatWith(f.page, erin);
    await openChatWith(e.page, frank);
    await send(e.page, 'before the outage');
    await expectBodies(f.page, ['before the outage']);

    frankOffline = true;
    await api.kill();
    await e.page.getByText(banner).waitFor();
    await f.page.getByText(banner).waitFor();

    await send(e.page, 'typed while the server was down');
    const pending = messageLog(e.page).locator('.msg.mine').last();
    expect(await pending.getAttribute('data-status')).toBe('sending');
    await pending.getByText('Sending…').waitFor();

    await api.start();
    await e.page.getByText(banner).waitFor({ state: 'hidden', timeout: 20_000 });
    await eventually(async () => expect(await pending.getAttribute('data-status')).toBe('sent'), 20_000);
    await send(e.page, 'sent after the restart');
    await expectBodies(e.page, ['before the outage', 'typed while the server was down', 'sent after the restart']);

    // Frank is still away: nothing arrived live.
    expect(await f.page.getByText(banner).isVisible()).toBe(true);
    await expectBodies(f.page, ['before the outage']);

    frankOffline = false;
    await f.page.getByText(banner).waitFor({ state: 'hidden', timeout: 20_000 });
    await expectBodies(f.page, ['before the outage', 'typed while the server was down', 'sent after the restart']);

    // Live again both ways after the catch-up, still exactly once each.
    await send(f.page, 'back online');
    const all = ['before the outage', 'typed while the server was down', 'sent after the restart', 'back online'];
    await expectBodies(e.page, all);
    await expectBodies(f.page, all);
    expect(e.dialogs).toEqual([]);
  });
});
