import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, screenshot } from './support/browser';
import { aPerson, bodies, composer, eventually, expectBodies, logIn, messageLog, send } from './support/chat-page';
import { hasChromium } from './support/paths';
import { seedUser } from './support/seed';
import { startApi, type ApiServer } from './support/server';

/** One message in the log, by (part of) its own text (not a reply's quote of it); a deleted one by its tombstone. */
const messageRow = (page: Page, text: string) =>
  messageLog(page)
    .locator('.msg')
    .filter({ has: page.locator('.bubble', { hasText: text }) })
    .last();

/** Hovering shows a message's action bar; the button is then found by its name. */
async function messageAction(page: Page, text: string, action: string): Promise<void> {
  const row = messageRow(page, text);
  await row.hover();
  await row.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: action }).click();
}

describe.skipIf(!hasChromium())('message actions between two browsers', () => {
  let api: ApiServer;
  let browser: Browser;
  const alice = aPerson('Alice');
  const bob = aPerson('Bob');
  let a: Page;
  let b: Page;
  let bContext: BrowserContext;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
    const seededAlice = await seedUser(api.url, alice);
    const seededBob = await seedUser(api.url, bob);
    const { id } = await seededAlice.post<{ id: string }>('/api/conversations', { memberIds: [seededBob.id] });
    await seededAlice.post(`/api/conversations/${id}/messages`, { body: 'Morning!', clientMessageId: 'seed-1' });
    a = (await newPerson(browser, api.url)).page;
    ({ page: b, context: bContext } = await newPerson(browser, api.url));
    for (const [page, person] of [[a, alice], [b, bob]] as const) {
      await page.goto(`/chat/${id}`);
      await logIn(page, person);
      await page.waitForURL(`**/chat/${id}`);
      await expectBodies(page, ['Morning!']);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('a reply quotes its original above the composer and above the message, on both sides', async () => {
    await send(b, 'Shall we ship the release today?');
    await expectBodies(a, ['Morning!', 'Shall we ship the release today?']);
    await messageAction(a, 'Shall we ship', 'Reply');
    const replying = a.getByRole('status').filter({ hasText: 'Replying to Bob' });
    await replying.waitFor();
    expect(await composer(a).evaluate((el) => el === document.activeElement)).toBe(true);
    await send(a, 'Yes, after lunch');
    await replying.waitFor({ state: 'detached' });
    for (const [page, sender] of [[a, 'Bob'], [b, 'You']] as const) {
      const quote = messageRow(page, 'Yes, after lunch').getByRole('button', { name: `Show original message from ${sender}: Shall we ship the release today?` });
      await quote.waitFor();
    }
  });

  it('a reaction shows live as a chip with a count and who; clicking it toggles mine', async () => {
    await messageAction(a, 'Shall we ship', 'Add reaction');
    const picker = a.getByRole('dialog', { name: 'Add a reaction' });
    await picker.getByRole('searchbox', { name: 'Find an emoji' }).fill('thumbs up');
    await picker.getByRole('button', { name: 'thumbs up', exact: true }).click();
    await picker.waitFor({ state: 'detached' });

    const chipOnBob = messageRow(b, 'Shall we ship').getByRole('button', { name: /reacted with thumbs up/ });
    await eventually(async () => expect(await chipOnBob.getAttribute('aria-label')).toBe('Alice reacted with thumbs up'));
    expect(await chipOnBob.innerText()).toContain('1');
    await chipOnBob.hover();
    await messageRow(b, 'Shall we ship').getByRole('tooltip', { includeHidden: true }).filter({ hasText: 'Alice' }).waitFor();

    await chipOnBob.click();
    const chipOnAlice = messageRow(a, 'Shall we ship').getByRole('button', { name: /reacted with thumbs up/ });
    await eventually(async () => expect(await chipOnAlice.getAttribute('aria-label')).toBe('You and Bob reacted with thumbs up. Press to take yours back'));
    expect(await chipOnAlice.innerText()).toContain('2');

    await messageRow(a, 'Yes, after lunch').hover();
    await screenshot(a, 'message-actions.png');
    // Taking mine back: the other side sees only Bob's.
    await chipOnAlice.click();
    await eventually(async () => expect(await chipOnBob.getAttribute('aria-label')).toBe('You reacted with thumbs up. Press to take yours back'));
  });

  it('Up arrow in the empty composer edits my last message; the other side sees the new text and "(edited)"', async () => {
    await composer(a).click();
    await composer(a).press('ArrowUp');
    await a.getByRole('status').filter({ hasText: 'Editing message' }).waitFor();
    expect(await composer(a).inputValue()).toBe('Yes, after lunch');
    await composer(a).fill('Yes, right after lunch');
    await composer(a).press('Enter');
    for (const page of [a, b]) {
      await eventually(async () => expect(await bodies(page)).toEqual(['Morning!', 'Shall we ship the release today?', 'Yes, right after lunch']));
      await messageRow(page, 'Yes, right after lunch').getByText('(edited)').waitFor();
    }
    // Escape cancels an edit: nothing changes.
    await composer(a).press('ArrowUp');
    await a.getByRole('status').filter({ hasText: 'Editing message' }).waitFor();
    await composer(a).press('Escape');
    await a.getByRole('status').filter({ hasText: 'Editing message' }).waitFor({ state: 'detached' });
    expect(await composer(a).inputValue()).toBe('');
  });

  it('delete from the context menu asks first, then shows "This message was deleted" on both sides', async () => {
    await messageRow(a, 'Yes, right after lunch').locator('.bubble').click({ button: 'right' });
    const menu = a.getByRole('menu', { name: 'Message actions' });
    await menu.getByRole('menuitem', { name: 'Delete…' }).click();
    const confirm = a.getByRole('alertdialog', { name: 'Delete message?' });
    // Cancel first: still there, focus back in the page.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await bodies(a)).toContain('Yes, right after lunch');

    await messageRow(a, 'Yes, right after lunch').locator('.bubble').click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Delete…' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    for (const page of [a, b]) {
      await eventually(async () => expect(await bodies(page)).toEqual(['Morning!', 'Shall we ship the release today?']));
      await messageLog(page).getByText('This message was deleted').waitFor();
    }
  });

  it('edits, reactions and deletions made while the other side was offline reach it on return (sync)', async () => {
    await send(a, 'See you at teh meeting');
    await expectBodies(b, ['Morning!', 'Shall we ship the release today?', 'See you at teh meeting']);
    await bContext.setOffline(true);
    // The connection banner (its wording may change: any of them) says the socket is down.
    await b.getByText(/Connection lost|Reconnecting|Waiting for connection/).first().waitFor({ timeout: 10_000 });

    await composer(a).click();
    await composer(a).press('ArrowUp');
    // As a person would: the message being edited is in the field before the new text replaces it.
    await eventually(async () => expect(await composer(a).inputValue()).toBe('See you at teh meeting'));
    await composer(a).fill('See you at the meeting');
    await composer(a).press('Enter');
    await messageRow(a, 'See you at the meeting').getByText('(edited)').waitFor();
    await messageAction(a, 'Shall we ship', 'Add reaction');
    const picker = a.getByRole('dialog', { name: 'Add a reaction' });
    await picker.getByRole('searchbox', { name: 'Find an emoji' }).fill('party popper');
    await picker.getByRole('button', { name: 'party popper', exact: true }).click();
    await messageRow(a, 'Morning!').locator('.bubble').click({ button: 'right' });
    await a.getByRole('menu', { name: 'Message actions' }).getByRole('menuitem', { name: 'Delete…' }).click();
    await a.getByRole('alertdialog', { name: 'Delete message?' }).getByRole('button', { name: 'Delete' }).click();
    await eventually(async () => expect(await bodies(a)).toEqual(['Shall we ship the release today?', 'See you at the meeting']));
    // Nothing reached Bob while away.
    expect(await bodies(b)).toEqual(['Morning!', 'Shall we ship the release today?', 'See you at teh meeting']);

    await bContext.setOffline(false);
    await eventually(async () => expect(await bodies(b)).toEqual(['Shall we ship the release today?', 'See you at the meeting']), 20_000);
    await messageRow(b, 'See you at the meeting').getByText('(edited)').waitFor();
    await messageRow(b, 'Shall we ship').getByRole('button', { name: 'Alice reacted with party popper' }).waitFor();
  });

  it('a new display name reaches the other side live', async () => {
    await a.getByRole('button', { name: 'Profile settings' }).click();
    const dialog = a.getByRole('dialog', { name: 'Profile' });
    await dialog.getByRole('textbox', { name: 'Display name' }).fill('Alice Liddell');
    await dialog.getByRole('button', { name: 'Save name' }).click();
    await dialog.getByText('Saved. Everyone sees your new name.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await b.getByRole('heading', { name: 'Alice Liddell' }).waitFor();
    await a.getByRole('navigation', { name: 'Conversations' }).getByText('Alice Liddell').waitFor();
  });

  it('changing the password: a wrong current one is refused, then the new one logs in elsewhere', async () => {
    await a.getByRole('button', { name: 'Profile settings' }).click();
    const dialog = a.getByRole('dialog', { name: 'Profile' });
    await dialog.getByLabel('Current password', { exact: true }).fill('not-my-password');
    await dialog.getByLabel('New password', { exact: true }).fill('a-brand-new-secret');
    await dialog.getByLabel('Repeat the new password').fill('a-brand-new-secret');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'The current password is wrong.' }).waitFor();

    await dialog.getByLabel('Current password', { exact: true }).fill(alice.password);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByText('Password changed. Your other devices were logged out.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    // This tab stays logged in; another browser logs in with the new password.
    await composer(a).waitFor();
    const { page: other, context } = await newPerson(browser, api.url);
    await other.goto('/login');
    await logIn(other, { username: alice.username, password: 'a-brand-new-secret' });
    await other.waitForURL('**/chat');
    await context.close();
  });

  it('keyboard: a focused message\'s actions are the next Tab; Up and Down move between messages', async () => {
    const active = () => a.evaluate(() => ({ label: document.activeElement?.getAttribute('aria-label'), text: document.activeElement?.closest('.msg')?.textContent ?? '' }));
    await messageRow(a, 'See you at the meeting').focus();
    // Focus makes the row current, which renders its action bar into the tab order (the next frame, not at once).
    const react = messageRow(a, 'See you at the meeting').getByRole('button', { name: 'Add reaction' });
    await eventually(async () => expect(await react.getAttribute('tabindex')).toBe('0'));
    await a.keyboard.press('Tab');
    expect(await active()).toMatchObject({ label: 'Add reaction', text: expect.stringContaining('See you at the meeting') });
    // Up: the deleted message before it (a stop too: it is read as "This message was deleted"), then Bob's.
    await a.keyboard.press('ArrowUp');
    expect((await active()).text).toContain('This message was deleted');
    await a.keyboard.press('ArrowUp');
    expect((await active()).text).toContain('Shall we ship');
    await eventually(async () => expect(await messageRow(a, 'Shall we ship').getByRole('button', { name: 'Add reaction' }).getAttribute('tabindex')).toBe('0'));
    await a.keyboard.press('Tab');
    expect(await active()).toMatchObject({ label: 'Add reaction', text: expect.stringContaining('Shall we ship') });
    await a.keyboard.press('ArrowDown');
    expect((await active()).text).toContain('This message was deleted');
  });
});

const TOTAL = 300;
const label = (n: number) => `history line ${String(n).padStart(3, '0')}`;

describe.skipIf(!hasChromium())('search and jumping 300 messages back', () => {
  let api: ApiServer;
  let browser: Browser;
  const gina = aPerson('Gina');
  const hank = aPerson('Hank');
  let conversationId: string;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
    const g = await seedUser(api.url, gina);
    const h = await seedUser(api.url, hank);
    conversationId = (await g.post<{ id: string }>('/api/conversations', { memberIds: [h.id] })).id;
    const ids: string[] = [];
    for (let n = 1; n <= TOTAL; n++) {
      const body = n === 4 ? `${label(n)}: the <b>zebracorn</b> plan & more` : label(n);
      const sender = n % 2 ? g : h;
      ids.push((await sender.post<{ id: string }>(`/api/conversations/${conversationId}/messages`, { body, clientMessageId: `seed-${n}` })).id);
    }
    await h.post(`/api/conversations/${conversationId}/messages`, { body: 'About that old line', clientMessageId: 'seed-reply', replyToId: ids[1] });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('Ctrl+K searches; the hit is highlighted as text (never HTML); opening it shows the conversation at that message', async () => {
    const { page, dialogs } = await newPerson(browser, api.url);
    await page.goto('/chat');
    await logIn(page, gina);
    await page.waitForURL('**/chat');
    // As a person would: once the chat screen is there (the URL changes before it renders).
    await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
    await page.keyboard.press('Control+k');
    const search = page.getByRole('dialog', { name: 'Search messages' });
    await search.getByRole('combobox', { name: 'Search messages' }).fill('zebrac');
    const result = search.getByRole('option').filter({ hasText: 'zebracorn' });
    await result.waitFor();
    // The server marks what matched (the prefix typed, here).
    const marks = await result.locator('mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect('zebracorn').toContain(mark.toLowerCase());
    // The message's own markup is shown as typed.
    expect(await result.innerText()).toContain('<b>zebracorn</b> plan & more');
    expect(await result.locator('b').count()).toBe(0);

    await screenshot(page, 'search.png');
    await search.getByRole('combobox').press('ArrowDown');
    await search.getByRole('combobox').press('Enter');
    await page.waitForURL(`**/chat/${conversationId}`);
    const target = messageRow(page, 'zebracorn');
    await eventually(async () => expect(await target.getAttribute('class')).toContain('flash'));
    expect(await target.isVisible()).toBe(true);
    const box = (await target.boundingBox())!;
    const log = (await messageLog(page).boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(log.y);
    expect(box.y + box.height).toBeLessThanOrEqual(log.y + log.height);
    // Loaded around it, not every page from the newest down.
    const shown = await bodies(page);
    expect(shown).not.toContain(label(TOTAL));
    expect(shown.length).toBeLessThan(150);

    // Back to the newest.
    await page.getByRole('button', { name: /Jump to latest/ }).click();
    await eventually(async () => expect((await bodies(page)).at(-1)).toBe('About that old line'));
    expect(dialogs).toEqual([]);
  });

  it('on a phone, Ctrl+K and / open search before the folded conversation list was ever opened', async () => {
    const { page } = await newPerson(browser, api.url, { viewport: { width: 390, height: 844 }, hasTouch: true });
    await page.goto(`/chat/${conversationId}`);
    await logIn(page, gina);
    await eventually(async () => expect((await bodies(page)).at(-1)).toBe('About that old line'));
    const search = page.getByRole('dialog', { name: 'Search messages' });
    await page.locator('#chat-main').focus();
    await page.keyboard.press('Control+k');
    await search.getByRole('combobox', { name: 'Search messages' }).waitFor();
    await page.keyboard.press('Escape');
    await search.waitFor({ state: 'detached' });
    await page.locator('#chat-main').focus();
    await page.keyboard.press('/');
    await search.getByRole('combobox', { name: 'Search messages' }).waitFor();
  });

  it('a reply quote jumps to an original far back, loading the history around it, and highlights it', async () => {
    const { page } = await newPerson(browser, api.url);
    await page.goto(`/chat/${conversationId}`);
    await logIn(page, gina);
    await eventually(async () => expect((await bodies(page)).at(-1)).toBe('About that old line'));
    expect(await bodies(page)).not.toContain(label(2));
    await messageRow(page, 'About that old line').getByRole('button', { name: /^Show original message from Hank: history line 002/ }).click();
    const original = messageRow(page, label(2));
    await eventually(async () => expect(await original.getAttribute('class')).toContain('flash'));
    expect(await original.isVisible()).toBe(true);
    expect(await original.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});
