import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { aUser } from '../testing/chat-factories';
import { BROWSER_NOTIFICATIONS, BrowserNotifications, NOTIFICATION_SOUND, NotificationAccess } from './browser-notifications';
import { NotificationSettingsDialog } from './notification-settings-dialog.component';
import { NotificationPrefsStore } from './notification-prefs.store';

async function setup(access: NotificationAccess, answer: NotificationAccess = access) {
  localStorage.clear();
  let current = access;
  const browser: BrowserNotifications = {
    permission: () => current,
    request: vi.fn(async () => (current = answer)),
    show: vi.fn(() => null),
  };
  const beep = vi.fn();
  TestBed.configureTestingModule({
    providers: [
      { provide: AuthStore, useValue: { user: signal<User | null>(aUser('me')) } },
      { provide: BROWSER_NOTIFICATIONS, useValue: browser },
      { provide: NOTIFICATION_SOUND, useValue: beep },
    ],
  });
  const fixture = TestBed.createComponent(NotificationSettingsDialog);
  await fixture.whenStable();
  const host = fixture.nativeElement as HTMLElement;
  const toggle = async (id: string) => {
    host.querySelector<HTMLInputElement>(`#${id}`)!.click();
    // The browser's answer is a promise: let it land.
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };
  return { fixture, host, browser, beep, toggle, prefs: () => TestBed.inject(NotificationPrefsStore).prefs(), box: (id: string) => host.querySelector<HTMLInputElement>(`#${id}`)! };
}

describe('NotificationSettingsDialog', () => {
  it('starts with both off, as labelled switches, and asks the browser nothing until turned on', async () => {
    const { host, browser, box } = await setup('default');
    expect(box('notify-desktop').getAttribute('role')).toBe('switch');
    expect(host.querySelector('label[for="notify-desktop"]')?.textContent).toBe('Desktop notifications');
    expect(host.querySelector('label[for="notify-sound"]')?.textContent).toBe('Play a sound');
    expect(box('notify-desktop').checked).toBe(false);
    expect(box('notify-sound').checked).toBe(false);
    expect(browser.request).not.toHaveBeenCalled();
  });

  it('asks for permission when turned on, and keeps the setting once allowed', async () => {
    const { browser, toggle, prefs, box } = await setup('default', 'granted');
    await toggle('notify-desktop');
    expect(browser.request).toHaveBeenCalledTimes(1);
    expect(prefs().desktop).toBe(true);
    expect(box('notify-desktop').checked).toBe(true);
    expect(localStorage.getItem('parley.notifications.me')).toBe('{"desktop":true,"sound":false}');
  });

  it('says so when the browser refuses, and stays off', async () => {
    const { host, toggle, prefs, box } = await setup('default', 'denied');
    await toggle('notify-desktop');
    expect(prefs().desktop).toBe(false);
    expect(box('notify-desktop').checked).toBe(false);
    expect(host.querySelector('[role=alert]')?.textContent).toContain('Your browser blocks notifications');
  });

  it('does not ask again once blocked, and explains', async () => {
    const { host, browser, toggle } = await setup('denied');
    await toggle('notify-desktop');
    expect(browser.request).not.toHaveBeenCalled();
    expect(host.querySelector('[role=alert]')?.textContent).toContain('Your browser blocks notifications');
  });

  it('plays a preview when the sound is turned on', async () => {
    const { beep, toggle, prefs } = await setup('granted');
    await toggle('notify-sound');
    expect(prefs().sound).toBe(true);
    expect(beep).toHaveBeenCalledTimes(1);
  });
});
