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

/** The sidebar: the user's conversations (a navigation landmark), with "New chat" and "New group". */
export const conversationsNav = (page: Page): Locator => page.getByRole('navigation', { name: 'Conversations' });
/** The "New chat" picker: the directory of everyone, with search. */
export const newChatDialog = (page: Page): Locator => page.getByRole('dialog', { name: 'New chat' });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A conversation's entry in the sidebar, by its name (its accessible name adds ", N unread" while there are some). */
export const conversationEntry = (page: Page, name: string): Locator =>
  conversationsNav(page).getByRole('link', { name: new RegExp(`^${escapeRegExp(name)}(, \\d+ unread)?$`) });

/** Opens the "New chat" picker and searches the directory for `query`. */
export async function searchPeople(page: Page, query: string): Promise<Locator> {
  await conversationsNav(page).getByRole('button', { name: 'New chat' }).click();
  const dialog = newChatDialog(page);
  await dialog.getByRole('searchbox', { name: 'Search people' }).fill(query);
  return dialog;
}
export const messageLog = (page: Page): Locator => page.getByRole('log', { name: 'Messages' });
export const composer = (page: Page): Locator => page.getByRole('textbox', { name: 'Message', exact: true });

/** Picks the person in the "New chat" directory (searching for them first) and waits for the conversation URL. */
export async function openChatWith(page: Page, person: Person): Promise<string> {
  const dialog = await searchPeople(page, person.username);
  await dialog.getByRole('button', { name: new RegExp(person.displayName) }).click();
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
