import type { BrowserContext, Page } from 'playwright-core';

export interface RaisedNotification {
  title: string;
  body?: string;
  tag?: string;
}

/**
 * Replaces window.Notification in every page of the context (before the app's scripts run) with a
 * recorder: permission starts at 'default', requestPermission answers `answer` and counts the asks,
 * and every notification is kept so a test can read it or click it.
 */
export async function stubNotifications(context: BrowserContext, answer: NotificationPermission = 'granted'): Promise<void> {
  await context.addInitScript((granted) => {
    const raised: { title: string; body?: string; tag?: string; instance: unknown }[] = [];
    const state = { permission: (sessionStorage.getItem('stub-permission') ?? 'default') as NotificationPermission, asks: 0 };
    class RecordingNotification {
      static get permission() {
        return state.permission;
      }
      static async requestPermission() {
        state.asks += 1;
        state.permission = granted;
        sessionStorage.setItem('stub-permission', granted);
        return granted;
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions = {}) {
        raised.push({ title, body: options.body, tag: options.tag, instance: this });
      }
      close() {
        // nothing to take down
      }
    }
    Object.defineProperty(window, 'Notification', { configurable: true, value: RecordingNotification });
    Object.defineProperty(window, '__notifications', { value: { raised, state } });
  }, answer);
}

type Recorder = { raised: (RaisedNotification & { instance: { onclick: (() => void) | null } })[]; state: { permission: string; asks: number } };

export const raisedNotifications = (page: Page): Promise<RaisedNotification[]> =>
  page.evaluate(() => (window as unknown as { __notifications: Recorder }).__notifications.raised.map(({ title, body, tag }) => ({ title, body, tag })));

export const permissionAsks = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __notifications: Recorder }).__notifications.state.asks);

/** What clicking the newest notification does in a browser. */
export const clickLastNotification = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const { raised } = (window as unknown as { __notifications: Recorder }).__notifications;
    raised[raised.length - 1]?.instance.onclick?.();
  });
