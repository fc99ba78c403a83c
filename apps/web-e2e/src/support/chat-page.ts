import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** Playwright-core has no auto-retrying assertions: poll until the check passes. */
export async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export interface Person {
  username: string;
  displayName: string;
  password: string;
}

let counter = 0;
export function aPerson(name: string): Person {
  counter += 1;
  return { username: `${name.toLowerCase()}${counter}`, displayName: name, password: `correct-horse-${name}` };
}

export async function signUp(page: Page, person: Person): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Username').fill(person.username);
  await page.getByLabel('Display name').fill(person.displayName);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL('**/chat');
}

export async function logIn(page: Page, person: Pick<Person, 'username' | 'password'>): Promise<void> {
  await page.getByLabel('Username').fill(person.username);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

export const usersNav = (page: Page): Locator => page.getByRole('navigation', { name: 'Users' });
export const messageLog = (page: Page): Locator => page.getByRole('log', { name: 'Messages' });
export const composer = (page: Page): Locator => page.getByRole('textbox', { name: 'Message', exact: true });

/** Clicks the person in the sidebar (searching for them first) and waits for the conversation URL. */
export async function openChatWith(page: Page, person: Person): Promise<string> {
  await usersNav(page).getByRole('searchbox', { name: 'Search people' }).fill(person.username);
  await usersNav(page).getByRole('button', { name: new RegExp(person.displayName) }).click();
  await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
  await composer(page).waitFor();
  return new URL(page.url()).pathname;
}

export async function send(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

/** The message bodies shown in the log, in order. */
export async function bodies(page: Page): Promise<string[]> {
  return messageLog(page).locator('app-message-body').allTextContents();
}

export async function expectBodies(page: Page, expected: string[]): Promise<void> {
  await eventually(async () => expect(await bodies(page)).toEqual(expected));
}
