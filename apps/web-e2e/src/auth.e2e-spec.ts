import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, screenshot } from './support/browser';
import { aPerson, eventually, logIn, openChatWith, signUp, conversationsNav } from './support/chat-page';
import { hasChromium } from './support/paths';
import { startApi, type ApiServer } from './support/server';

describe.skipIf(!hasChromium())('signing up, logging in and out', () => {
  let api: ApiServer;
  let browser: Browser;
  const carol = aPerson('Carol');
  const dave = aPerson('Dave');

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('welcomes visitors and sends them to log in when they open the chat', async () => {
    const { page, context } = await newPerson(browser, api.url);
    await page.goto('/');
    await page.getByRole('link', { name: 'Sign up' }).waitFor();
    await screenshot(page, 'welcome.png');
    await page.goto('/chat');
    await page.waitForURL('**/login?returnUrl=%2Fchat');
    await context.close();
  });

  it('explains signup mistakes inline, matching the API rules', async () => {
    const { page, context } = await newPerson(browser, api.url);
    await signUp(page, dave);
    await context.close();

    const other = await newPerson(browser, api.url);
    await other.page.goto('/signup');
    await other.page.getByLabel('Username').fill('ab');
    await other.page.getByLabel('Password').fill('short');
    await other.page.getByRole('button', { name: 'Sign up' }).click();
    await other.page.getByText('Username must be at least 3 characters.').waitFor();
    await other.page.getByText('Password must be at least 8 characters.').waitFor();
    expect(await other.page.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
    await screenshot(other.page, 'signup-errors.png');

    await other.page.getByLabel('Username').fill(dave.username.toUpperCase());
    await other.page.getByLabel('Password').fill('long-enough-password');
    await other.page.getByRole('button', { name: 'Sign up' }).click();
    await other.page.getByText('That username is taken. Try another one.').waitFor();
    expect(new URL(other.page.url()).pathname).toBe('/signup');
    await other.context.close();
  });

  it('shows a failed login in an alert and stays on the form', async () => {
    const { page, context } = await newPerson(browser, api.url);
    await page.goto('/login');
    await logIn(page, { username: dave.username, password: 'not-the-password' });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Wrong username or password.');
    await screenshot(page, 'login-failed.png');
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('brings a logged-out visitor of a conversation back to it after logging in', async () => {
    const first = await newPerson(browser, api.url);
    await signUp(first.page, carol);
    const path = await openChatWith(first.page, dave);
    await first.context.close();

    const later = await newPerson(browser, api.url);
    await later.page.goto(path);
    await later.page.waitForURL(`**/login?returnUrl=${encodeURIComponent(path)}`);
    await logIn(later.page, carol);
    await later.page.waitForURL(`**${path}`);
    await later.page.getByRole('heading', { name: 'Dave' }).waitFor();

    // Logged in, the login page is not for you.
    await later.page.goto('/login');
    await later.page.waitForURL('**/chat');

    await conversationsNav(later.page).getByRole('button', { name: 'Log out' }).click();
    await later.page.waitForURL('**/login');
    await later.page.reload();
    await later.page.goto('/chat');
    await eventually(async () => expect(new URL(later.page.url()).pathname).toBe('/login'));
    await later.context.close();
  });
});
