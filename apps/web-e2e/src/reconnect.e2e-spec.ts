import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson } from './support/browser';
import { aPerson, bodies, eventually, expectBodies, messageLog, openChatWith, send, signUp } from './support/chat-page';
import { hasChromium } from './support/paths';
import { startApi, type ApiServer } from './support/server';

const banner = 'Connection lost. Reconnecting…';

describe.skipIf(!hasChromium())('losing the server and coming back', () => {
  let api: ApiServer;
  let browser: Browser;
  const erin = aPerson('Erin');
  const frank = aPerson('Frank');
  let e: Awaited<ReturnType<typeof newPerson>>;
  let f: Awaited<ReturnType<typeof newPerson>>;
  /** While true, new socket connections from that person's browser are held (like a phone in a tunnel). */
  const held = { erin: false, frank: false };

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('queues what is typed while down, and catches the other side up without duplicates', async () => {
    e = await newPerson(browser, api.url);
    f = await newPerson(browser, api.url);
    // Frank's socket connections can be held back on their own, so he misses the live events and must
    // catch up. A held connection goes through once he is back.
    await holdable(e, 'erin');
    await holdable(f, 'frank');
    await signUp(e.page, erin);
    await signUp(f.page, frank);
    await openChatWith(f.page, erin);
    await openChatWith(e.page, frank);
    await send(e.page, 'before the outage');
    await expectBodies(f.page, ['before the outage']);

    held.frank = true;
    await api.kill();
    await e.page.getByText(banner).waitFor();
    await f.page.getByText(banner).waitFor();

    await send(e.page, 'typed while the server was down');
    const pending = messageLog(e.page).locator('.msg.mine', { hasText: 'typed while the server was down' });
    expect(await pending.getAttribute('data-status')).toBe('sending');
    await pending.getByText('Waiting for connection').waitFor();

    await api.start();
    await e.page.getByText(banner).waitFor({ state: 'hidden', timeout: 20_000 });
    await eventually(async () => expect(await pending.getAttribute('data-status')).toBe('sent'), 20_000);
    await send(e.page, 'sent after the restart');
    await expectBodies(e.page, ['before the outage', 'typed while the server was down', 'sent after the restart']);

    // Frank is still away: nothing arrived live.
    expect(await f.page.getByText(banner).isVisible()).toBe(true);
    await expectBodies(f.page, ['before the outage']);

    held.frank = false;
    await f.page.getByText(banner).waitFor({ state: 'hidden', timeout: 20_000 });
    await expectBodies(f.page, ['before the outage', 'typed while the server was down', 'sent after the restart']);

    // Live again both ways after the catch-up, still exactly once each.
    await send(f.page, 'back online');
    const all = ['before the outage', 'typed while the server was down', 'sent after the restart', 'back online'];
    await expectBodies(e.page, all);
    await expectBodies(f.page, all);
    expect(e.dialogs).toEqual([]);
  });

  it('keeps an unsent message across a reload and sends it exactly once when back', async () => {
    held.erin = true;
    await api.kill();
    await api.start();
    await e.page.getByText(banner).waitFor();
    await send(e.page, 'survives a reload');
    const pending = messageLog(e.page).locator('.msg.mine', { hasText: 'survives a reload' });
    await pending.getByText('Waiting for connection').waitFor();

    await e.page.reload();
    await pending.waitFor();
    expect(await pending.getAttribute('data-status')).toBe('sending');

    held.erin = false;
    await eventually(async () => expect(await pending.getAttribute('data-status')).toBe('sent'), 20_000);
    await eventually(async () => expect((await bodies(f.page)).filter((b) => b === 'survives a reload')).toHaveLength(1));
    await e.page.reload();
    await eventually(async () => expect((await bodies(e.page)).filter((b) => b === 'survives a reload')).toHaveLength(1));
  });

  async function holdable(person: typeof e, who: keyof typeof held): Promise<void> {
    await person.context.routeWebSocket(/\/socket\.io\//, async (ws) => {
      while (held[who]) await new Promise((r) => setTimeout(r, 100));
      ws.connectToServer();
    });
  }
});
