import type { Page } from 'playwright-core';

/** What a tab in the background looks like to the page: the window has no focus (or has it again). */
export async function setFocused(page: Page, focused: boolean): Promise<void> {
  await page.evaluate((value) => {
    Object.defineProperty(document, 'hasFocus', { configurable: true, value: () => value });
    window.dispatchEvent(new Event(value ? 'focus' : 'blur'));
  }, focused);
}
