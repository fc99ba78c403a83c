import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations, useColorScheme } from './support/axe';
import { launchBrowser, newPerson, screenshot } from './support/browser';
import { aPerson, composer, eventually, expectBodies, logIn, messageLog } from './support/chat-page';
import { aPdf, aPng, attachByPicker, dropFile, pasteImage } from './support/files';
import { hasChromium } from './support/paths';
import { seedUser } from './support/seed';
import { startApi, type ApiServer } from './support/server';

const tray = (page: Page) => page.getByRole('list', { name: 'Files to send' });
const sendButton = (page: Page) => page.getByRole('button', { name: 'Send' });
const lightbox = (page: Page) => page.getByRole('dialog');

/** Waits until every file in the tray is uploaded (Send turns on), then sends with the caption. */
async function sendWithCaption(page: Page, caption: string): Promise<void> {
  await eventually(async () => expect(await sendButton(page).isEnabled()).toBe(true));
  await composer(page).fill(caption);
  await composer(page).press('Enter');
  await tray(page).waitFor({ state: 'detached' });
}

/** The image's box as laid out, and whether its bytes arrived (a broken link has no natural size). */
const imageState = (page: Page, name: string) =>
  messageLog(page)
    .getByRole('img', { name, exact: true })
    .evaluate((img: HTMLImageElement) => ({ width: img.width, height: img.height, natural: img.naturalWidth, src: img.getAttribute('src') }));

describe.skipIf(!hasChromium())('files and images between two browsers', () => {
  let api: ApiServer;
  let browser: Browser;
  const alice = aPerson('Alice');
  const bob = aPerson('Bob');
  let a: Page;
  let aContext: BrowserContext;
  let b: Page;

  beforeAll(async () => {
    // A small per-file limit, so "too large" can be shown with a file of a few megabytes.
    api = await startApi({ UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) });
    browser = await launchBrowser();
    const seededAlice = await seedUser(api.url, alice);
    const seededBob = await seedUser(api.url, bob);
    const { id } = await seededAlice.post<{ id: string }>('/api/conversations', { memberIds: [seededBob.id] });
    await seededAlice.post(`/api/conversations/${id}/messages`, { body: 'Photos from the trip coming up', clientMessageId: 'seed-1' });
    ({ page: a, context: aContext } = await newPerson(browser, api.url));
    b = (await newPerson(browser, api.url, { acceptDownloads: true })).page;
    for (const [page, person] of [[a, alice], [b, bob]] as const) {
      await page.goto(`/chat/${id}`);
      await logIn(page, person);
      await page.waitForURL(`**/chat/${id}`);
      await expectBodies(page, ['Photos from the trip coming up']);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('an image picked with the paperclip shows in the tray, then on the other side as a thumbnail at its aspect ratio', async () => {
    await attachByPicker(a, [aPng('sunset.png', 960, 480)]);
    await tray(a).getByText('sunset.png').waitFor();
    await sendWithCaption(a, 'The sunset');
    await expectBodies(b, ['Photos from the trip coming up', 'The sunset']);
    // Laid out at 480 × 240 (the thumbnail box, its 2:1 ratio) whether or not the bytes have arrived yet.
    await eventually(async () => expect(await imageState(b, 'sunset.png')).toMatchObject({ width: 480, height: 240, natural: 480 }));
    expect((await imageState(b, 'sunset.png')).src).toMatch(/^\/api\/files\/[0-9a-f-]{36}\/thumbnail\?exp=\d+&sig=/);
    await eventually(async () => expect((await imageState(a, 'sunset.png')).natural).toBe(480));
  });

  it('a pasted screenshot is sent without a caption and shows on the other side', async () => {
    await composer(a).click();
    await pasteImage(a, 300, 200);
    await tray(a).getByText(/^Pasted image .*\.png$/).waitFor();
    await eventually(async () => expect(await sendButton(a).isEnabled()).toBe(true));
    await composer(a).press('Enter');
    await tray(a).waitFor({ state: 'detached' });
    const pasted = messageLog(b).getByRole('button', { name: /^Open image Pasted image .*\.png$/ });
    await pasted.waitFor();
    await eventually(async () =>
      expect(await pasted.locator('img').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.width, img.height])).toEqual([300, 300, 200]),
    );
  });

  it('the lightbox opens an image at full size, moves with the arrows between the conversation’s images, and Escape gives focus back', async () => {
    const thumbnail = messageLog(b).getByRole('button', { name: 'Open image sunset.png' });
    await thumbnail.click();
    const dialog = lightbox(b);
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await dialog.getByRole('heading').innerText()).toBe('sunset.png');
    const full = dialog.getByRole('img', { name: 'sunset.png' });
    await eventually(async () => expect(await full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(960));
    await screenshot(b, 'files-lightbox.png');
    await useColorScheme(b, 'dark');
    await expectNoSeriousA11yViolations(b, 'lightbox (dark)');
    await useColorScheme(b, 'light');
    await expectNoSeriousA11yViolations(b, 'lightbox (light)');

    await b.keyboard.press('ArrowRight');
    await eventually(async () => expect(await dialog.getByRole('heading').innerText()).toMatch(/^Pasted image /));
    expect(await dialog.innerText()).toContain('2 of 2');
    await b.keyboard.press('ArrowLeft');
    await eventually(async () => expect(await dialog.getByRole('heading').innerText()).toBe('sunset.png'));
    await b.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await eventually(async () => expect(await thumbnail.evaluate((el) => el === document.activeElement)).toBe(true));
  });

  it('a PDF arrives as a card with its name and size, and downloads with its name and bytes', async () => {
    const pdf = aPdf('Q3 report.pdf');
    await attachByPicker(a, [pdf]);
    await sendWithCaption(a, 'The numbers');
    const card = messageLog(b).getByRole('group', { name: /^Q3 report\.pdf, \d+ bytes$/ });
    await card.waitFor();
    await screenshot(b, 'files-conversation.png');
    await useColorScheme(b, 'dark');
    await expectNoSeriousA11yViolations(b, 'conversation with images and a file (dark)');
    await useColorScheme(b, 'light');
    await expectNoSeriousA11yViolations(b, 'conversation with images and a file (light)');

    const [download] = await Promise.all([b.waitForEvent('download'), card.getByRole('link', { name: 'Download Q3 report.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('Q3 report.pdf');
    expect(readFileSync(await download.path())).toEqual(pdf.buffer);
  });

  it('a file dropped on the conversation joins the tray (the pane says where it will go) and is sent', async () => {
    await dropFile(a, aPng('dropped.png', 120, 90), async () => {
      await a.getByText('Drop files to send to Bob').waitFor();
    });
    await a.getByText('Drop files to send to Bob').waitFor({ state: 'detached' });
    await tray(a).getByText('dropped.png').waitFor();
    await sendWithCaption(a, 'Dropped in');
    await messageLog(b).getByRole('button', { name: 'Open image dropped.png' }).waitFor();
  });

  it('a file over the limit says why in the tray, is not sent, and can be removed', async () => {
    await attachByPicker(a, [{ name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(3 * 1024 * 1024, 7) }]);
    const item = tray(a).getByRole('listitem').filter({ hasText: 'huge.bin' });
    await item.getByText('Too large: the limit is 2 MB.').waitFor({ timeout: 30_000 });
    expect(await sendButton(a).isEnabled()).toBe(false);
    // The same file would be refused again: no Retry to offer.
    expect(await item.getByRole('button', { name: 'Retry uploading huge.bin' }).count()).toBe(0);
    await screenshot(a, 'files-tray-failed.png');
    await expectNoSeriousA11yViolations(a, 'tray with a failed upload');
    await item.getByRole('button', { name: 'Remove huge.bin' }).click();
    await tray(a).waitFor({ state: 'detached' });
    // The button that had focus is gone with its item: focus goes back to the message field, not to the page.
    expect(await composer(a).evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('offline, a picked file waits for the connection and uploads once it is back; then it is sent', async () => {
    await aContext.setOffline(true);
    await attachByPicker(a, [aPng('tunnel.png', 200, 100)]);
    const item = tray(a).getByRole('listitem').filter({ hasText: 'tunnel.png' });
    await item.getByText(/Waiting for connection/).waitFor();
    expect(await sendButton(a).isEnabled()).toBe(false);
    await aContext.setOffline(false);
    await item.getByText(/Ready/).waitFor({ timeout: 30_000 });
    await sendWithCaption(a, 'Out of the tunnel');
    await messageLog(b).getByRole('button', { name: 'Open image tunnel.png' }).waitFor();
  });
});
