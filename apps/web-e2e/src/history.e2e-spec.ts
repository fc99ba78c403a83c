import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson } from './support/browser';
import { aPerson, bodies, eventually, logIn, messageLog } from './support/chat-page';
import { hasChromium } from './support/paths';
import { startApi, type ApiServer } from './support/server';
import { seedUser, type SeededUser } from './support/seed';

const TOTAL = 130;
const label = (n: number) => `msg-${String(n).padStart(3, '0')}`;

describe.skipIf(!hasChromium())('a long conversation', () => {
  let api: ApiServer;
  let browser: Browser;
  const gina = aPerson('Gina');
  const hank = aPerson('Hank');
  let conversationId: string;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
    const g: SeededUser = await seedUser(api.url, gina);
    const h: SeededUser = await seedUser(api.url, hank);
    conversationId = (await g.post<{ id: string }>('/api/conversations', { memberIds: [h.id] })).id;
    for (let n = 1; n <= TOTAL; n++) {
      const sender = n % 3 === 0 ? h : g;
      await sender.post(`/api/conversations/${conversationId}/messages`, { body: label(n), clientMessageId: `seed-${n}` });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('opens at the newest messages and loads older pages on scroll-up without jumping', async () => {
    const { page, context } = await newPerson(browser, api.url);
    await page.goto(`/chat/${conversationId}`);
    await logIn(page, gina);
    await page.waitForURL(`**/chat/${conversationId}`);
    await eventually(async () => expect((await bodies(page)).at(-1)).toBe(label(TOTAL)));
    const firstPage = await bodies(page);
    expect(firstPage).toHaveLength(50);
    expect(firstPage[0]).toBe(label(TOTAL - 49));

    // Newest at the bottom: the log starts scrolled to the end.
    const gap = await messageLog(page).evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    expect(gap).toBeLessThan(2);

    // Scroll to the top and note where the oldest loaded message sits; after the older page is
    // prepended it must still be in the same place on screen.
    const anchor = messageLog(page).locator('.msg', { hasText: label(TOTAL - 49) });
    const before = await messageLog(page).evaluate((el, text) => {
      el.scrollTop = 0;
      const target = Array.from(el.querySelectorAll('.msg')).find((m) => m.textContent?.includes(text))!;
      return target.getBoundingClientRect().top;
    }, label(TOTAL - 49));
    await eventually(async () => expect((await bodies(page)).length).toBeGreaterThanOrEqual(100));
    await page.waitForTimeout(200);
    const after = (await anchor.boundingBox())!.y;
    expect(Math.abs(after - before)).toBeLessThan(3);

    // Keep scrolling up until the beginning.
    await eventually(async () => {
      await messageLog(page).evaluate((el) => (el.scrollTop = 0));
      expect(await bodies(page)).toHaveLength(TOTAL);
    }, 20_000);
    const all = await bodies(page);
    expect(all).toEqual(Array.from({ length: TOTAL }, (_, i) => label(i + 1)));
    await page.getByText('This is the beginning of your conversation.').waitFor();
    await context.close();
  });
});
