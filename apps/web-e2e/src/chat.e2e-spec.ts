import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, screenshot } from './support/browser';
import {
  aPerson,
  bodies,
  composer,
  eventually,
  expectBodies,
  messageLog,
  openChatWith,
  searchPeople,
  send,
  conversationEntry,
  conversationsNav,
  signUp,
} from './support/chat-page';
import { hasChromium } from './support/paths';
import { startApi, type ApiServer } from './support/server';

describe.skipIf(!hasChromium())('two people chatting in real browsers', () => {
  let api: ApiServer;
  let browser: Browser;
  const alice = aPerson('Alice');
  const bob = aPerson('Bob');
  let a: Awaited<ReturnType<typeof newPerson>>;
  let b: Awaited<ReturnType<typeof newPerson>>;
  let conversationPath: string;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
    a = await newPerson(browser, api.url);
    b = await newPerson(browser, api.url);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('signs both up and lets them find each other in the directory; the conversation is then in the sidebar', async () => {
    await signUp(a.page, alice);
    await signUp(b.page, bob);
    conversationPath = await openChatWith(b.page, alice);
    expect(await openChatWith(a.page, bob)).toBe(conversationPath);
    await expect(conversationEntry(a.page, 'Bob').getAttribute('aria-current')).resolves.toBe('page');
    await expect(conversationEntry(b.page, 'Alice').getAttribute('aria-current')).resolves.toBe('page');
  });

  it('delivers messages live both ways, in order, with line breaks kept', async () => {
    await send(a.page, 'Hi Bob!');
    await expectBodies(b.page, ['Hi Bob!']);
    await composer(b.page).fill('Hey Alice');
    await composer(b.page).press('Shift+Enter');
    await composer(b.page).pressSequentially('two lines');
    await b.page.getByRole('button', { name: 'Send', exact: true }).click();
    await expectBodies(a.page, ['Hi Bob!', 'Hey Alice\ntwo lines']);
    await expectBodies(b.page, ['Hi Bob!', 'Hey Alice\ntwo lines']);
    // The sender sees the acknowledgement: the optimistic "sending" row turned "sent".
    await eventually(async () =>
      expect(await messageLog(a.page).locator('.msg.mine').last().getAttribute('data-status')).toBe('sent'),
    );
    const lines = await messageLog(a.page).locator('.bubble').last().evaluate((el) => el.getBoundingClientRect().height);
    const single = await messageLog(a.page).locator('.bubble').first().evaluate((el) => el.getBoundingClientRect().height);
    expect(lines).toBeGreaterThan(single * 1.5);
  });

  it('shows the @username beside each display name in the directory, also for people one already chats with', async () => {
    const dialog = await searchPeople(a.page, bob.username);
    const row = dialog.getByRole('button', { name: new RegExp(bob.displayName) });
    await expect.poll(() => row.textContent()).toContain(`@${bob.username}`);
    await a.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('renders markup as text and runs no script from a message', async () => {
    const attack = '<img src=x onerror=alert(1)>';
    await send(a.page, attack);
    await expectBodies(b.page, ['Hi Bob!', 'Hey Alice\ntwo lines', attack]);
    await new Promise((r) => setTimeout(r, 500));
    expect(await messageLog(b.page).locator('img').count()).toBe(0);
    expect(a.dialogs).toEqual([]);
    expect(b.dialogs).toEqual([]);
  });

  it('makes links clickable but safe', async () => {
    await send(b.page, 'docs at https://example.com/guide.');
    const link = messageLog(a.page).getByRole('link', { name: 'https://example.com/guide' });
    await link.waitFor();
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');
  });

  it('keeps the session and the history across a reload', async () => {
    const before = await bodies(a.page);
    await a.page.reload();
    await a.page.waitForURL(`**${conversationPath}`);
    await expectBodies(a.page, before);
    await a.page.getByRole('heading', { name: 'Bob' }).waitFor();
  });

  it('collapses and expands the conversation list with the toggle', async () => {
    const toggle = a.page.getByRole('button', { name: 'Toggle conversation list' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    await eventually(async () => expect(await toggle.getAttribute('aria-expanded')).toBe('false'));
    await eventually(async () => expect(await conversationsNav(a.page).isVisible()).toBe(false));
    await toggle.click();
    await eventually(async () => expect(await toggle.getAttribute('aria-expanded')).toBe('true'));
    await eventually(async () => expect(await conversationsNav(a.page).isVisible()).toBe(true));
  });

  it('saves screenshots of the chat: desktop, dark and phone', async () => {
    await send(a.page, 'Shall we meet at 10?\nI can bring the slides.');
    await send(b.page, 'Sounds good 👍');
    // Both sides' lists re-read on every poll: a one-off snapshot of b could predate b's own send rendering.
    await eventually(async () => expect(await bodies(a.page)).toEqual(await bodies(b.page)));
    await eventually(async () => expect((await bodies(a.page)).at(-1)).toBe('Sounds good 👍'));
    await a.page.waitForTimeout(300);
    await screenshot(a.page, 'chat.png');

    const dark = await newPerson(browser, api.url, { colorScheme: 'dark' });
    const phone = await newPerson(browser, api.url, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    for (const view of [dark, phone]) {
      await view.page.goto('/login');
      await view.page.getByLabel('Username').fill(alice.username);
      await view.page.getByLabel('Password').fill(alice.password);
      await view.page.getByRole('button', { name: 'Log in' }).click();
      await view.page.waitForURL('**/chat');
      await view.page.goto(conversationPath);
      await eventually(async () => expect((await bodies(view.page)).at(-1)).toBe('Sounds good 👍'));
    }
    await dark.page.waitForTimeout(300);
    await screenshot(dark.page, 'chat-dark.png');
    // On a phone the conversation list starts collapsed and overlays the conversation when opened.
    const toggle = phone.page.getByRole('button', { name: 'Toggle conversation list' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await screenshot(phone.page, 'chat-phone.png');
    await toggle.click();
    await conversationsNav(phone.page).waitFor({ state: 'visible' });
    await phone.page.waitForTimeout(300);
    await screenshot(phone.page, 'chat-phone-users.png');
    await dark.context.close();
    await phone.context.close();
  });
});
