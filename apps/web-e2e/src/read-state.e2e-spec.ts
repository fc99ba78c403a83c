import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson } from './support/browser';
import { aPerson, conversationEntry, conversationsNav, eventually, expectBodies, logIn, messageLog, openChatWith, send, signUp } from './support/chat-page';
import { hasChromium } from './support/paths';
import { seedUser, type SeededUser } from './support/seed';
import { startApi, type ApiServer } from './support/server';

/** What a tab in the background looks like to the page: the window has no focus. */
async function setFocused(page: Page, focused: boolean): Promise<void> {
  await page.evaluate((value) => {
    Object.defineProperty(document, 'hasFocus', { configurable: true, value: () => value });
    window.dispatchEvent(new Event(value ? 'focus' : 'blur'));
  }, focused);
}

const unreadOf = async (page: Page, name: string): Promise<number> => {
  const label = (await conversationEntry(page, name).getAttribute('aria-label')) ?? '';
  return Number(/, (\d+) unread$/.exec(label)?.[1] ?? 0);
};

describe.skipIf(!hasChromium())('read state in a direct conversation', () => {
  let api: ApiServer;
  let browser: Browser;
  const alice = aPerson('Alice');
  const bob = aPerson('Bob');
  let a: Awaited<ReturnType<typeof newPerson>>;
  let b: Awaited<ReturnType<typeof newPerson>>;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
    a = await newPerson(browser, api.url);
    b = await newPerson(browser, api.url);
    await signUp(a.page, alice);
    await signUp(b.page, bob);
    await openChatWith(a.page, bob);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('"Seen" appears under my message once the other person has it on screen', async () => {
    await send(a.page, 'ping');
    await conversationsNav(b.page).getByRole('link', { name: 'Alice, 1 unread' }).waitFor();
    await a.page.waitForTimeout(1_500);
    expect(await messageLog(a.page).getByText('Seen').count()).toBe(0);

    await conversationEntry(b.page, 'Alice').click();
    await expectBodies(b.page, ['ping']);
    const seen = messageLog(a.page).getByText('Seen', { exact: true });
    await seen.waitFor();
    expect(await seen.getAttribute('aria-label')).toBe('Seen by Bob');
    await conversationsNav(b.page).getByRole('link', { name: 'Alice', exact: true }).waitFor();
  });

  it('marks nothing read while the tab is in the background; focus coming back does', async () => {
    await setFocused(b.page, false);
    await send(a.page, 'are you there?');
    await expectBodies(b.page, ['ping', 'are you there?']);
    await b.page.waitForTimeout(1_500);
    expect(await unreadOf(b.page, 'Alice')).toBe(1);
    expect(await b.page.title()).toBe('(1) Alice · Parley');
    // "Seen" stays under the message Bob did look at.
    expect(await messageLog(a.page).locator('.msg', { hasText: 'ping' }).getByText('Seen').count()).toBe(1);

    await setFocused(b.page, true);
    await eventually(async () => expect(await unreadOf(b.page, 'Alice')).toBe(0));
    await messageLog(a.page).locator('.msg', { hasText: 'are you there?' }).getByText('Seen').waitFor();
    expect(await b.page.title()).toBe('Alice · Parley');
  });
});

describe.skipIf(!hasChromium())('opening a conversation with many unread messages', () => {
  let api: ApiServer;
  let browser: Browser;
  const erin = aPerson('Erin');
  const finn = aPerson('Finn');
  const TOTAL = 40;
  let conversationId: string;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
    const e: SeededUser = await seedUser(api.url, erin);
    const f: SeededUser = await seedUser(api.url, finn);
    conversationId = (await e.post<{ id: string }>('/api/conversations', { memberIds: [f.id] })).id;
    await f.post(`/api/conversations/${conversationId}/messages`, { body: 'old, read', clientMessageId: 'seed-0' });
    for (let n = 1; n <= TOTAL; n++) {
      await e.post(`/api/conversations/${conversationId}/messages`, { body: `unread ${n}`, clientMessageId: `seed-${n}` });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('opens at the "New messages" divider, marks read only what is on screen, and "Jump to latest" reads the rest', async () => {
    const { page, context } = await newPerson(browser, api.url);
    await page.goto('/login');
    await logIn(page, finn);
    await page.waitForURL('**/chat');
    await eventually(async () => expect(await page.title()).toBe(`(${TOTAL}) Chats · Parley`));
    await conversationEntry(page, 'Erin').click();
    await page.waitForURL(`**/chat/${conversationId}`);

    const divider = messageLog(page).getByRole('separator', { name: 'New messages' });
    await divider.waitFor();
    // The divider is on screen (near the top), the newest message is not.
    await eventually(async () => expect(await divider.isVisible()).toBe(true));
    const inView = (text: string) =>
      messageLog(page).evaluate((log, t) => {
        const row = Array.from(log.querySelectorAll('.msg')).find((m) => m.querySelector('app-message-body')?.textContent === t);
        if (!row) return false;
        const box = row.getBoundingClientRect();
        const view = log.getBoundingClientRect();
        return box.bottom > view.top && box.top < view.bottom;
      }, text);
    expect(await inView(`unread ${TOTAL}`)).toBe(false);
    expect(await inView('unread 1')).toBe(true);

    // Only what was on screen is read: some, not all.
    await eventually(async () => expect(await unreadOf(page, 'Erin')).toBeLessThan(TOTAL));
    await page.waitForTimeout(1_500);
    const left = await unreadOf(page, 'Erin');
    expect(left).toBeGreaterThan(0);
    expect(await page.title()).toBe(`(${left}) Erin · Parley`);

    await page.getByRole('button', { name: /Jump to latest/ }).click();
    await eventually(async () => expect(await inView(`unread ${TOTAL}`)).toBe(true));
    await eventually(async () => expect(await unreadOf(page, 'Erin')).toBe(0));
    expect(await page.title()).toBe('Erin · Parley');
    await eventually(async () => expect(await page.getByRole('button', { name: /Jump to latest/ }).count()).toBe(0));
    // The divider stays where it was while the conversation is open.
    expect(await divider.count()).toBe(1);
    await context.close();
  });
});
