import type { Locator, Page } from 'playwright-core';
import { screenshot } from './browser';
import { conversationsNav, type Person } from './chat-page';

export const newGroupDialog = (page: Page): Locator => page.getByRole('dialog', { name: 'New group' });
export const membersDialog = (page: Page): Locator => page.getByRole('dialog', { name: /^Members/ });
/** The centred lines the server writes into a group's history ("Alice added Bob"). */
export const systemLines = (page: Page): Promise<string[]> =>
  page.getByRole('log', { name: 'Messages' }).locator('.system').allTextContents().then((lines) => lines.map((l) => l.trim()));

/** Picks people in a people picker (search, then the person's toggle button in the results). */
export async function pick(scope: Locator, people: Person[]): Promise<void> {
  for (const person of people) {
    await scope.getByRole('searchbox', { name: 'Search people to add' }).fill(person.username);
    await scope.getByRole('list', { name: 'People' }).getByRole('button', { name: new RegExp(person.displayName) }).click();
    await scope.getByRole('list', { name: 'Picked' }).getByText(person.displayName, { exact: true }).waitFor();
  }
}

/** "New group" → title, members → Create; resolves with the new conversation's path. */
export async function createGroup(page: Page, title: string, people: Person[], screenshotName?: string): Promise<string> {
  await conversationsNav(page).getByRole('button', { name: 'New group' }).click();
  const dialog = newGroupDialog(page);
  await dialog.getByRole('textbox', { name: 'Group name' }).fill(title);
  await pick(dialog, people);
  if (screenshotName) await screenshot(page, screenshotName);
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: title }).waitFor();
  return new URL(page.url()).pathname;
}

export async function openMembers(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Members', exact: true }).click();
  const dialog = membersDialog(page);
  await dialog.waitFor();
  return dialog;
}
