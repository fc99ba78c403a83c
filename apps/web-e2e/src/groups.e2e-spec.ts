import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, screenshot } from './support/browser';
import {
  aPerson,
  bodies,
  conversationEntry,
  conversationsNav,
  eventually,
  expectBodies,
  logIn,
  messageLog,
  send,
  signUp,
} from './support/chat-page';
import { createGroup, openMembers, pick, systemLines } from './support/group-page';
import { hasChromium } from './support/paths';
import { startApi, type ApiServer } from './support/server';

describe.skipIf(!hasChromium())('a group of three in three browsers', () => {
  let api: ApiServer;
  let browser: Browser;
  const alice = aPerson('Alice');
  const bob = aPerson('Bob');
  const carol = aPerson('Carol');
  let a: Awaited<ReturnType<typeof newPerson>>;
  let b: Awaited<ReturnType<typeof newPerson>>;
  let c: Awaited<ReturnType<typeof newPerson>>;
  let groupPath: string;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
    [a, b, c] = await Promise.all([newPerson(browser, api.url), newPerson(browser, api.url), newPerson(browser, api.url)]);
    await signUp(a.page, alice);
    await signUp(b.page, bob);
    await signUp(c.page, carol);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('Alice creates "Design team" with Bob and Carol; it shows up live for both, unread, with the count in the title', async () => {
    groupPath = await createGroup(a.page, 'Design team', [bob, carol], 'group-new.png');
    await a.page.getByRole('button', { name: '3 members' }).waitFor();
    await eventually(async () => expect(await systemLines(a.page)).toEqual(['You created the group “Design team”']));
    // The creator has nothing unread.
    await conversationEntry(a.page, 'Design team').waitFor();
    expect(await a.page.title()).toBe('Design team · Parley');

    for (const view of [b, c]) {
      // Live (conversation:new), with its "created" line unread: badge in the accessible name, count in the title.
      await conversationsNav(view.page).getByRole('link', { name: 'Design team, 1 unread' }).waitFor();
      await eventually(async () => expect(await view.page.title()).toBe('(1) Chats · Parley'));
    }
  });

  it('Bob opens it: the line reads "Alice created…", and his badge and title count clear', async () => {
    await conversationEntry(b.page, 'Design team').click();
    await b.page.waitForURL(`**${groupPath}`);
    await eventually(async () => expect(await systemLines(b.page)).toEqual(['Alice created the group “Design team”']));
    await conversationsNav(b.page).getByRole('link', { name: 'Design team', exact: true }).waitFor();
    await eventually(async () => expect(await b.page.title()).toBe('Design team · Parley'));
  });

  it('all three chat live; Carol, elsewhere, sees her badge and title count rise', async () => {
    await send(a.page, 'Hello team');
    await expectBodies(b.page, ['Hello team']);
    await send(b.page, 'Hi all!');
    await expectBodies(a.page, ['Hello team', 'Hi all!']);
    // Sender names show in a group.
    expect(await messageLog(a.page).locator('.sender').allTextContents()).toContain('Bob');
    await conversationsNav(c.page).getByRole('link', { name: 'Design team, 3 unread' }).waitFor();
    await eventually(async () => expect(await c.page.title()).toBe('(3) Chats · Parley'));
    // Nobody else is in it: Bob and Alice have nothing unread.
    expect(await a.page.title()).toBe('Design team · Parley');
  });

  it('Carol opens it at the "New messages" divider; everything clears, and Alice sees "Seen by 2"', async () => {
    // A second tab of Carol's, to see her other devices clear too.
    const otherTab = await c.context.newPage();
    await otherTab.goto('/chat');
    await conversationsNav(otherTab).getByRole('link', { name: 'Design team, 3 unread' }).waitFor();

    await conversationEntry(c.page, 'Design team').click();
    await expectBodies(c.page, ['Hello team', 'Hi all!']);
    const divider = messageLog(c.page).getByRole('separator', { name: 'New messages' });
    await divider.waitFor();
    // The divider comes before the first unread line: the "created" one.
    const order = await messageLog(c.page).locator('[data-unread-divider], .system, .msg').evaluateAll((els) =>
      els.map((el) => (el.hasAttribute('data-unread-divider') ? 'divider' : el.classList.contains('system') ? 'system' : 'message')),
    );
    expect(order).toEqual(['divider', 'system', 'message', 'message']);
    await eventually(async () => expect(await c.page.title()).toBe('Design team · Parley'));
    await conversationsNav(c.page).getByRole('link', { name: 'Design team', exact: true }).waitFor();
    // The other tab learns it from the conversation:read push.
    await conversationsNav(otherTab).getByRole('link', { name: 'Design team', exact: true }).waitFor();
    await eventually(async () => expect(await otherTab.title()).toBe('Chats · Parley'));
    await otherTab.close();

    const seen = messageLog(a.page).getByText('Seen by 2');
    await seen.waitFor();
    expect(await seen.getAttribute('aria-label')).toBe('Seen by Bob and Carol');
  });

  it('Bob renames it from the header; everyone sees the new title and the line', async () => {
    await b.page.getByRole('button', { name: 'Rename group' }).click();
    const dialog = b.page.getByRole('dialog', { name: 'Rename group' });
    await dialog.getByRole('textbox', { name: 'Group name' }).fill('Design crew');
    await dialog.getByRole('button', { name: 'Save' }).click();
    for (const view of [a, b, c]) {
      await view.page.getByRole('heading', { name: 'Design crew' }).waitFor();
      await conversationEntry(view.page, 'Design crew').waitFor();
    }
    await eventually(async () => expect((await systemLines(a.page)).at(-1)).toBe('Bob renamed the group to “Design crew”'));
    await eventually(async () => expect((await systemLines(b.page)).at(-1)).toBe('You renamed the group to “Design crew”'));
  });

  it('only the creator may remove people: Bob sees no Remove buttons; Alice does', async () => {
    const bobs = await openMembers(b.page);
    await bobs.getByRole('list', { name: 'Members' }).getByText('Carol', { exact: true }).waitFor();
    expect(await bobs.getByRole('button', { name: /^Remove / }).count()).toBe(0);
    await b.page.keyboard.press('Escape');
    await bobs.waitFor({ state: 'detached' });
    // Focus goes back to the button that opened the dialog.
    expect(await b.page.getByRole('button', { name: 'Members', exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('Alice removes Carol: Carol’s open conversation closes with a notice, the others see the line', async () => {
    const dialog = await openMembers(a.page);
    await screenshot(a.page, 'group-members.png');
    await dialog.getByRole('button', { name: 'Remove Carol' }).click();
    await eventually(async () => expect(await dialog.getByRole('button', { name: /^Remove / }).count()).toBe(1));
    await a.page.keyboard.press('Escape');

    await c.page.waitForURL(/\/chat$/);
    await c.page.getByRole('status').getByText('You are no longer a member of “Design crew”.').waitFor();
    await eventually(async () => expect(await conversationsNav(c.page).getByRole('link', { name: /Design crew/ }).count()).toBe(0));

    await eventually(async () => expect((await systemLines(a.page)).at(-1)).toBe('You removed Carol'));
    await eventually(async () => expect((await systemLines(b.page)).at(-1)).toBe('Alice removed Carol'));
    await a.page.getByRole('button', { name: '2 members' }).waitFor();

    // Carol hears nothing more from it.
    await send(b.page, 'after Carol left');
    await expectBodies(a.page, ['Hello team', 'Hi all!', 'after Carol left']);
    await c.page.waitForTimeout(500);
    expect(await conversationsNav(c.page).getByRole('link', { name: /Design crew/ }).count()).toBe(0);
  });

  it('Bob adds Carol back: it reappears for her with just the "added" line unread, and the whole history', async () => {
    const dialog = await openMembers(b.page);
    await dialog.getByRole('button', { name: 'Add people' }).click();
    await pick(dialog, [carol]);
    await dialog.getByRole('button', { name: 'Add 1' }).click();
    await dialog.getByRole('list', { name: 'Members' }).getByText('Carol', { exact: true }).waitFor();
    await b.page.keyboard.press('Escape');

    await conversationsNav(c.page).getByRole('link', { name: 'Design crew, 1 unread' }).waitFor();
    await conversationEntry(c.page, 'Design crew').click();
    await expectBodies(c.page, ['Hello team', 'Hi all!', 'after Carol left']);
    await eventually(async () => expect((await systemLines(c.page)).at(-1)).toBe('Bob added you'));
  });

  it('Bob leaves: his view closes with a notice, and the others see "Bob left"', async () => {
    const dialog = await openMembers(b.page);
    await dialog.getByRole('button', { name: 'Leave group' }).click();
    await dialog.getByRole('button', { name: 'Leave', exact: true }).click();
    await b.page.waitForURL(/\/chat$/);
    await b.page.getByRole('status').getByText('You left “Design crew”.').waitFor();
    await eventually(async () => expect((await systemLines(a.page)).at(-1)).toBe('Bob left'));
    await eventually(async () => expect((await systemLines(c.page)).at(-1)).toBe('Bob left'));
    expect(await bodies(c.page)).toEqual(['Hello team', 'Hi all!', 'after Carol left']);
    // Alice has it open and in view: the line that just came in is read at once, no badge left behind.
    await conversationsNav(a.page).getByRole('link', { name: 'Design crew', exact: true }).waitFor();
    await screenshot(a.page, 'group.png');
  });

  it('removed while offline: on return the sync says so, and Carol’s open conversation closes', async () => {
    const offsitePath = await createGroup(a.page, 'Offsite', [bob, carol]);
    await conversationEntry(c.page, 'Offsite').click();
    await c.page.waitForURL(`**${offsitePath}`);
    await eventually(async () => expect(await systemLines(c.page)).toEqual(['Alice created the group “Offsite”']));

    await c.context.setOffline(true);
    await c.page.getByText('Connection lost. Reconnecting…').waitFor({ timeout: 10_000 });
    const dialog = await openMembers(a.page);
    await dialog.getByRole('button', { name: 'Remove Carol' }).click();
    await eventually(async () => expect(await dialog.getByRole('button', { name: /^Remove / }).count()).toBe(1));
    await a.page.keyboard.press('Escape');
    await eventually(async () => expect((await systemLines(a.page)).at(-1)).toBe('You removed Carol'));
    // Nothing reached Carol meanwhile.
    expect(new URL(c.page.url()).pathname).toBe(offsitePath);

    await c.context.setOffline(false);
    await c.page.waitForURL(/\/chat$/, { timeout: 20_000 });
    await c.page.getByRole('status').getByText('You are no longer a member of “Offsite”.').waitFor();
    expect(await conversationsNav(c.page).getByRole('link', { name: /Offsite/ }).count()).toBe(0);
    // The other group is untouched.
    await conversationEntry(c.page, 'Design crew').waitFor();
  });

  it('on a phone (a fresh device) the group header keeps its title and both actions on screen, and a former member is still named', async () => {
    const phone = await newPerson(browser, api.url, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.page.goto('/login');
    await logIn(phone.page, carol);
    await phone.page.waitForURL('**/chat');
    await phone.page.goto(groupPath);
    await phone.page.getByRole('heading', { name: 'Design crew' }).waitFor();
    for (const name of ['Rename group', 'Members']) {
      const box = (await phone.page.getByRole('button', { name, exact: true }).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await expectBodies(phone.page, ['Hello team', 'Hi all!', 'after Carol left']);
    // Bob is in no conversation of Carol's any more; the directory still names him.
    await eventually(async () => expect((await systemLines(phone.page)).at(-1)).toBe('Bob left'));
    expect(await messageLog(phone.page).locator('.sender').allTextContents()).toContain('Bob');
    await screenshot(phone.page, 'group-phone.png');
    await phone.context.close();
  });
});
