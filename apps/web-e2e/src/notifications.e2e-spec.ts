import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations, useColorScheme } from './support/axe';
import { launchBrowser, newPerson, screenshot } from './support/browser';
import { aPerson, conversationEntry, conversationsNav, eventually, expectBodies, openChatWith, send, signUp } from './support/chat-page';
import { setFocused } from './support/focus';
import { clickLastNotification, permissionAsks, raisedNotifications, stubNotifications } from './support/notification-stub';
import { hasChromium } from './support/paths';
import { seedUser } from './support/seed';
import { startApi, type ApiServer } from './support/server';

const settingsDialog = (page: Page) => page.getByRole('dialog', { name: 'Notifications' });
const moreActions = (page: Page) => page.getByRole('button', { name: 'More actions' });

async function axeBothSchemes(page: Page, screen: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await useColorScheme(page, scheme);
    await expectNoSeriousA11yViolations(page, `${screen} (${scheme})`);
  }
  await useColorScheme(page, 'light');
}

describe.skipIf(!hasChromium())('notifications and mute', () => {
  let api: ApiServer;
  let browser: Browser;
  const alice = aPerson('Alice');
  const bob = aPerson('Bob');
  const carol = aPerson('Carol');
  let a: Awaited<ReturnType<typeof newPerson>>;
  let b: Awaited<ReturnType<typeof newPerson>>;
  let bobPath: string;
  let carolPath: string;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
    a = await newPerson(browser, api.url);
    b = await newPerson(browser, api.url);
    await stubNotifications(a.context);
    await signUp(a.page, alice);
    await signUp(b.page, bob);
    await seedUser(api.url, carol);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('asks the browser for permission only when "Desktop notifications" is turned on, never on page load', async () => {
    await conversationsNav(a.page).waitFor();
    await a.page.waitForTimeout(500);
    expect(await permissionAsks(a.page)).toBe(0);

    await conversationsNav(a.page).getByRole('button', { name: 'Notification settings' }).click();
    const dialog = settingsDialog(a.page);
    const desktop = dialog.getByRole('switch', { name: 'Desktop notifications' });
    const sound = dialog.getByRole('switch', { name: 'Play a sound' });
    expect(await desktop.isChecked()).toBe(false);
    expect(await sound.isChecked()).toBe(false);
    await desktop.click();
    await eventually(async () => expect(await desktop.isChecked()).toBe(true));
    expect(await permissionAsks(a.page)).toBe(1);
    await screenshot(a.page, 'notification-settings.png');
    await axeBothSchemes(a.page, 'notification settings');
    await a.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('raises none for a message in the conversation I have open and look at', async () => {
    bobPath = await openChatWith(a.page, bob);
    await send(a.page, 'hello Bob');
    await conversationEntry(b.page, 'Alice').click();
    await expectBodies(b.page, ['hello Bob']);
    await setFocused(a.page, true);
    await send(b.page, 'hi, I see you');
    await expectBodies(a.page, ['hello Bob', 'hi, I see you']);
    await a.page.waitForTimeout(800);
    expect(await raisedNotifications(a.page)).toEqual([]);
  });

  it('raises one, tagged per conversation, when another conversation is open; clicking it opens the conversation', async () => {
    carolPath = await openChatWith(a.page, carol);
    await send(b.page, 'ping one');
    await eventually(async () => expect(await raisedNotifications(a.page)).toHaveLength(1));
    await send(b.page, 'ping two');
    await eventually(async () => expect(await raisedNotifications(a.page)).toHaveLength(2));
    const [first, second] = await raisedNotifications(a.page);
    expect(first).toEqual({ title: 'Bob', body: 'ping one', tag: expect.stringContaining(bobPath.split('/').pop()!) });
    expect(second.tag).toBe(first.tag);
    expect(second.body).toBe('ping two');

    await clickLastNotification(a.page);
    await a.page.waitForURL(`**${bobPath}`);
    await expectBodies(a.page, ['hello Bob', 'hi, I see you', 'ping one', 'ping two']);
  });

  it('raises none for a muted conversation, whose unread badge turns grey and stays out of the title count', async () => {
    // Another tab of Alice's hears of the mute too (conversation:updated to her own devices).
    const other = await a.context.newPage();
    await other.goto('/chat');
    await conversationEntry(other, 'Bob').waitFor();
    await moreActions(a.page).click();
    await a.page.getByRole('menuitem', { name: 'Mute conversation' }).click();
    await a.page.locator('app-conversation-header').getByRole('img', { name: 'Muted' }).waitFor();
    await eventually(async () => expect(await conversationEntry(other, 'Bob').getAttribute('class')).toContain('muted'));
    await other.close();
    await conversationEntry(a.page, 'Carol').click();
    await a.page.waitForURL(`**${carolPath}`);
    const before = (await raisedNotifications(a.page)).length;

    await send(b.page, 'are you muting me?');
    const entry = conversationsNav(a.page).getByRole('link', { name: 'Bob, 1 unread' });
    await entry.waitFor();
    expect(await entry.getAttribute('class')).toContain('muted');
    const badge = await entry.locator('.badge').evaluate((el) => getComputedStyle(el).backgroundColor);
    // The accent as the browser computes it (rgb), to compare like with like.
    const accent = await a.page.evaluate(() => {
      const probe = document.body.appendChild(document.createElement('span'));
      probe.style.backgroundColor = 'var(--primary)';
      const color = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return color;
    });
    expect(accent).toMatch(/^rgb/);
    expect(badge).not.toBe(accent);
    await a.page.waitForTimeout(800);
    expect(await raisedNotifications(a.page)).toHaveLength(before);
    expect(await a.page.title()).toBe('Carol · Parley');
    await screenshot(a.page, 'muted.png');
  });

  it('is still muted after a reload, and Unmute brings the notifications back', async () => {
    await a.page.reload();
    const entry = conversationsNav(a.page).getByRole('link', { name: 'Bob, 1 unread' });
    await entry.waitFor();
    expect(await entry.getAttribute('class')).toContain('muted');
    await entry.click();
    await a.page.waitForURL(`**${bobPath}`);
    await a.page.locator('app-conversation-header').getByRole('img', { name: 'Muted' }).waitFor();
    await moreActions(a.page).click();
    const unmute = a.page.getByRole('menuitem', { name: 'Unmute conversation' });
    await unmute.waitFor();
    await axeBothSchemes(a.page, 'muted conversation with its menu open');
    await unmute.click();
    await eventually(async () => expect(await a.page.locator('app-conversation-header').getByRole('img', { name: 'Muted' }).count()).toBe(0));

    await conversationEntry(a.page, 'Carol').click();
    await a.page.waitForURL(`**${carolPath}`);
    await send(b.page, 'back on');
    await eventually(async () => expect((await raisedNotifications(a.page)).map((n) => n.body)).toEqual(['back on']));
  });
});
