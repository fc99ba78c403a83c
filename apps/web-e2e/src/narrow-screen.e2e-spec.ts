import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson } from './support/browser';
import { aPerson, composer, conversationEntry, conversationsNav, eventually, newChatDialog, searchPeople, signUp } from './support/chat-page';
import { hasChromium } from './support/paths';
import { seedUser } from './support/seed';
import { startApi, type ApiServer } from './support/server';

const phoneViewport = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

const toggle = (page: Page): Locator => page.getByRole('button', { name: 'Toggle conversation list' });
const listDialog = (page: Page): Locator => page.getByRole('dialog', { name: 'Conversation list' });
const hasFocus = (locator: Locator): Promise<boolean> => locator.evaluate((el) => el === document.activeElement);

/** Opens the overlay and waits until it is usable, focus inside it. */
async function openList(page: Page): Promise<void> {
  await toggle(page).click();
  await listDialog(page).waitFor({ state: 'visible' });
  await eventually(async () => expect(await listDialog(page).evaluate((el) => el.contains(document.activeElement))).toBe(true));
}

async function expectClosedWithFocusOnToggle(page: Page): Promise<void> {
  await eventually(async () => expect(await toggle(page).getAttribute('aria-expanded')).toBe('false'));
  await eventually(async () => expect(await hasFocus(toggle(page))).toBe(true));
}

describe.skipIf(!hasChromium())('the conversation list on a phone, by keyboard', () => {
  let api: ApiServer;
  let browser: Browser;
  let phone: Awaited<ReturnType<typeof newPerson>>;
  const erin = aPerson('Erin');
  const carol = aPerson('Carol');
  const dave = aPerson('Dave');

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
    await seedUser(api.url, carol);
    await seedUser(api.url, dave);
    phone = await newPerson(browser, api.url, phoneViewport);
    await signUp(phone.page, erin);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('opens as a modal dialog that holds the "Conversations" nav and takes focus', async () => {
    await openList(phone.page);
    expect(await listDialog(phone.page).getAttribute('aria-modal')).toBe('true');
    expect(await listDialog(phone.page).getByRole('navigation', { name: 'Conversations' }).isVisible()).toBe(true);
  });

  it('Escape closes it and gives focus back to the toggle', async () => {
    await conversationsNav(phone.page).getByRole('button', { name: 'New chat' }).focus();
    await phone.page.keyboard.press('Escape');
    await expectClosedWithFocusOnToggle(phone.page);
    expect(await phone.page.getByRole('dialog').count()).toBe(0);
  });

  it('Escape in the New chat dialog opened from it closes the dialog only, and focus goes back to "New chat"', async () => {
    await openList(phone.page);
    const newChat = conversationsNav(phone.page).getByRole('button', { name: 'New chat' });
    await newChat.click();
    const picker = newChatDialog(phone.page);
    // On its heading, not the search box: that would raise the keyboard over the list at once.
    await eventually(async () => expect(await hasFocus(picker.getByRole('heading', { name: 'New chat' }))).toBe(true));
    // Focus is trapped: tabbing round never leaves the dialog.
    for (let i = 0; i < 6; i++) await phone.page.keyboard.press('Tab');
    expect(await picker.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await phone.page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    expect(await toggle(phone.page).getAttribute('aria-expanded')).toBe('true');
    await eventually(async () => expect(await hasFocus(newChat)).toBe(true));
    await phone.page.keyboard.press('Escape');
    await expectClosedWithFocusOnToggle(phone.page);
  });

  it('a click on the backdrop closes it and gives focus back to the toggle', async () => {
    await openList(phone.page);
    // The list covers the left of the screen; the backdrop shows at the right edge.
    await phone.page.locator('.backdrop').click({ position: { x: 380, y: 400 } });
    await expectClosedWithFocusOnToggle(phone.page);
  });

  it('picking the conversation already open closes it and gives focus back to the toggle', async () => {
    await openList(phone.page);
    const picker = await searchPeople(phone.page, carol.username);
    await picker.getByRole('button', { name: /Carol/ }).click();
    await phone.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await composer(phone.page).waitFor();
    expect(await newChatDialog(phone.page).count()).toBe(0);
    const path = new URL(phone.page.url()).pathname;

    await openList(phone.page);
    const carolRow = conversationEntry(phone.page, 'Carol');
    await carolRow.focus();
    await phone.page.keyboard.press('Enter');
    await expectClosedWithFocusOnToggle(phone.page);
    expect(new URL(phone.page.url()).pathname).toBe(path);
  });

  it('picking someone new in the directory closes it, and the composer of the new conversation takes focus once it has loaded', async () => {
    await openList(phone.page);
    const picker = await searchPeople(phone.page, dave.username);
    await picker.getByRole('button', { name: /Dave/ }).click();
    await phone.page.getByRole('heading', { name: 'Dave' }).waitFor();
    await composer(phone.page).waitFor();
    await eventually(async () => expect(await hasFocus(composer(phone.page))).toBe(true));
    expect(await toggle(phone.page).getAttribute('aria-expanded')).toBe('false');
  });

  it('stays a plain nav beside the conversation on a desktop', async () => {
    const desktop = await newPerson(browser, api.url);
    await desktop.page.goto('/login');
    await desktop.page.getByLabel('Username').fill(erin.username);
    await desktop.page.getByLabel('Password').fill(erin.password);
    await desktop.page.getByRole('button', { name: 'Log in' }).click();
    await desktop.page.waitForURL('**/chat');
    await conversationsNav(desktop.page).waitFor({ state: 'visible' });
    expect(await desktop.page.getByRole('dialog').count()).toBe(0);
    await desktop.context.close();
  });
});
