import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson } from './support/browser';
import { aPerson, composer, eventually, signUp, usersNav } from './support/chat-page';
import { hasChromium } from './support/paths';
import { seedUser } from './support/seed';
import { startApi, type ApiServer } from './support/server';

const phoneViewport = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

const toggle = (page: Page): Locator => page.getByRole('button', { name: 'Toggle user list' });
const userListDialog = (page: Page): Locator => page.getByRole('dialog', { name: 'User list' });
const hasFocus = (locator: Locator): Promise<boolean> => locator.evaluate((el) => el === document.activeElement);

/** Opens the overlay and waits until it is usable, focus inside it. */
async function openUserList(page: Page): Promise<void> {
  await toggle(page).click();
  await userListDialog(page).waitFor({ state: 'visible' });
  await eventually(async () => expect(await userListDialog(page).evaluate((el) => el.contains(document.activeElement))).toBe(true));
}

async function expectClosedWithFocusOnToggle(page: Page): Promise<void> {
  await eventually(async () => expect(await toggle(page).getAttribute('aria-expanded')).toBe('false'));
  await eventually(async () => expect(await hasFocus(toggle(page))).toBe(true));
}

describe.skipIf(!hasChromium())('the user list on a phone, by keyboard', () => {
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

  it('opens as a modal dialog that holds the "Users" nav and takes focus', async () => {
    await openUserList(phone.page);
    expect(await userListDialog(phone.page).getAttribute('aria-modal')).toBe('true');
    expect(await userListDialog(phone.page).getByRole('navigation', { name: 'Users' }).isVisible()).toBe(true);
  });

  it('Escape closes it and gives focus back to the toggle', async () => {
    await usersNav(phone.page).getByRole('searchbox', { name: 'Search people' }).focus();
    await phone.page.keyboard.press('Escape');
    await expectClosedWithFocusOnToggle(phone.page);
    expect(await phone.page.getByRole('dialog').count()).toBe(0);
  });

  it('a click on the backdrop closes it and gives focus back to the toggle', async () => {
    await openUserList(phone.page);
    // The list covers the left of the screen; the backdrop shows at the right edge.
    await phone.page.locator('.backdrop').click({ position: { x: 380, y: 400 } });
    await expectClosedWithFocusOnToggle(phone.page);
  });

  it('picking the person already open closes it and gives focus back to the toggle', async () => {
    await openUserList(phone.page);
    await usersNav(phone.page).getByRole('searchbox', { name: 'Search people' }).fill(carol.username);
    await usersNav(phone.page).getByRole('button', { name: /Carol/ }).click();
    await phone.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await composer(phone.page).waitFor();
    const path = new URL(phone.page.url()).pathname;

    await openUserList(phone.page);
    const carolRow = usersNav(phone.page).getByRole('button', { name: /Carol/ });
    await carolRow.focus();
    await phone.page.keyboard.press('Enter');
    await expectClosedWithFocusOnToggle(phone.page);
    expect(new URL(phone.page.url()).pathname).toBe(path);
  });

  it('picking someone new closes it, and the composer of the new conversation takes focus once it has loaded', async () => {
    await openUserList(phone.page);
    await usersNav(phone.page).getByRole('searchbox', { name: 'Search people' }).fill(dave.username);
    await usersNav(phone.page).getByRole('button', { name: /Dave/ }).click();
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
    await usersNav(desktop.page).waitFor({ state: 'visible' });
    expect(await desktop.page.getByRole('dialog').count()).toBe(0);
    await desktop.context.close();
  });
});
