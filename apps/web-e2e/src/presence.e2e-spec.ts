import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations, useColorScheme } from './support/axe';
import { launchBrowser, newPerson, screenshot } from './support/browser';
import { aPerson, composer, conversationEntry, conversationsNav, eventually, expectBodies, openChatWith, send, signUp } from './support/chat-page';
import { setFocused } from './support/focus';
import { createGroup, openMembers } from './support/group-page';
import { seedUser } from './support/seed';
import { hasChromium } from './support/paths';
import { startApi, type ApiServer } from './support/server';

/** The dot on the sidebar entry's avatar (none while offline), and the presence said in words in its description. */
const entryDot = (page: Page, name: string) => conversationEntry(page, name).locator('app-presence-dot .dot');
const headerPresence = (page: Page) => page.locator('app-conversation-header .presence');
const typingRegion = (page: Page) => page.locator('app-typing-indicator [aria-live="polite"]');

describe.skipIf(!hasChromium())('presence and typing between two people', () => {
  let api: ApiServer;
  let browser: Browser;
  const alice = aPerson('Alice');
  const bob = aPerson('Bob');
  let a: Awaited<ReturnType<typeof newPerson>>;
  let b: Awaited<ReturnType<typeof newPerson>>;
  let path: string;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
    a = await newPerson(browser, api.url);
    b = await newPerson(browser, api.url);
    await signUp(a.page, alice);
    await signUp(b.page, bob);
    path = await openChatWith(a.page, bob);
    await send(a.page, 'hi Bob');
    await conversationEntry(b.page, 'Alice').click();
    await expectBodies(b.page, ['hi Bob']);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('shows the other person online while their tab is open, offline (last seen) soon after it closes, and online again', async () => {
    await eventually(async () => expect(await headerPresence(a.page).textContent()).toContain('Active now'));
    expect(await entryDot(a.page, 'Bob').getAttribute('class')).toContain('active');
    expect(await entryDot(a.page, 'Bob').getAttribute('title')).toBe('Online');
    await screenshot(a.page, 'presence-online.png');

    await b.page.close();
    // The server's grace before "offline" plus its sweep: well within 10 s.
    const closedAt = Date.now();
    await eventually(async () => expect(await headerPresence(a.page).textContent()).toMatch(/Last seen just now|Offline/), 10_000);
    expect(Date.now() - closedAt).toBeLessThan(10_000);
    expect(await entryDot(a.page, 'Bob').count()).toBe(0);
    const description = await conversationEntry(a.page, 'Bob').evaluate((link) =>
      (link.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent?.trim()),
    );
    expect(description[0]).toMatch(/^Offline/);

    b.page = await b.context.newPage();
    await b.page.goto(path);
    await composer(b.page).waitFor();
    await eventually(async () => expect(await headerPresence(a.page).textContent()).toContain('Active now'), 10_000);
    await entryDot(a.page, 'Bob').waitFor();
  });

  it('says "Bob is typing…" above the composer and in the list while Bob types, and not once he sends', async () => {
    await setFocused(a.page, true);
    await composer(b.page).pressSequentially('on my w', { delay: 30 });
    await eventually(async () => expect(await typingRegion(a.page).textContent()).toContain('Bob is typing…'));
    expect(await conversationEntry(a.page, 'Bob').locator('.sub').textContent()).toBe('typing…');
    await screenshot(a.page, 'typing.png');
    await useColorScheme(a.page, 'dark');
    await expectNoSeriousA11yViolations(a.page, 'typing and presence (dark)');
    await useColorScheme(a.page, 'light');
    await expectNoSeriousA11yViolations(a.page, 'typing and presence (light)');

    const sentAt = Date.now();
    await composer(b.page).press('Enter');
    await expectBodies(a.page, ['hi Bob', 'on my w']);
    await eventually(async () => expect((await typingRegion(a.page).textContent())?.trim()).toBe(''));
    // Gone with the message, not by the 6 s lapse.
    expect(Date.now() - sentAt).toBeLessThan(3_000);
    expect(await conversationEntry(a.page, 'Bob').locator('.sub').textContent()).toBe('on my w');
  });

  it('lets the indicator lapse by itself when Bob stops typing without sending', async () => {
    await composer(b.page).pressSequentially('hmm', { delay: 30 });
    await eventually(async () => expect(await typingRegion(a.page).textContent()).toContain('Bob is typing…'));
    await eventually(async () => expect((await typingRegion(a.page).textContent())?.trim()).toBe(''), 9_000);
    await composer(b.page).fill('');
  });

  it('shows Bob away (a hollow dot) after five minutes without input in his tab, and active again on his next key', async () => {
    // Bob's tab runs on a clock the test moves: five minutes pass in a moment.
    await b.page.close();
    b.page = await b.context.newPage();
    await b.page.clock.install();
    await b.page.goto(path);
    await composer(b.page).waitFor();
    await eventually(async () => expect(await headerPresence(a.page).textContent()).toContain('Active now'), 10_000);
    await b.page.clock.fastForward('05:01');
    await eventually(async () => expect(await headerPresence(a.page).textContent()).toContain('Away'), 10_000);
    expect(await entryDot(a.page, 'Bob').getAttribute('class')).toContain('away');
    expect(await entryDot(a.page, 'Bob').getAttribute('title')).toBe('Away');
    await composer(b.page).press('a');
    await eventually(async () => expect(await headerPresence(a.page).textContent()).toContain('Active now'), 10_000);
    await composer(b.page).fill('');
  });

  it('shows the members’ dots in a group’s members dialog, each named in words', async () => {
    const carol = aPerson('Carol');
    await seedUser(api.url, carol);
    await createGroup(a.page, 'Crew', [bob, carol]);
    const dialog = await openMembers(a.page);
    const bobRow = dialog.getByRole('listitem').filter({ hasText: bob.displayName });
    const carolRow = dialog.getByRole('listitem').filter({ hasText: carol.displayName });
    await eventually(async () => expect(await bobRow.getByRole('img', { name: 'Online' }).count()).toBe(1));
    await carolRow.getByRole('img', { name: 'Offline' }).waitFor();
    await screenshot(a.page, 'members-presence.png');
    for (const scheme of ['dark', 'light'] as const) {
      await useColorScheme(a.page, scheme);
      await expectNoSeriousA11yViolations(a.page, `members dialog with presence (${scheme})`);
    }
    await a.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('keeps the entry named after the person alone (presence and preview are its description)', async () => {
    await conversationsNav(a.page).getByRole('link', { name: 'Bob', exact: true }).waitFor();
  });
});
