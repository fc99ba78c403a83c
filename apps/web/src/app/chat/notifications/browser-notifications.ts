import { beep } from './beep';
import { InjectionToken } from '@angular/core';

export type NotificationAccess = NotificationPermission | 'unsupported';

/** The browser's Notification API behind a seam, so the rules can be tested without one. */
export interface BrowserNotifications {
  permission(): NotificationAccess;
  /** Asks the browser; call only from the person's own action (turning the setting on). */
  request(): Promise<NotificationAccess>;
  /** Null when the browser refused to show it (some only show notifications from a service worker). */
  show(title: string, options: NotificationOptions, onClick: () => void): Notification | null;
}

const supported = () => typeof window !== 'undefined' && 'Notification' in window;

export const browserNotifications: BrowserNotifications = {
  permission: () => (supported() ? Notification.permission : 'unsupported'),
  request: async () => (supported() ? Notification.requestPermission() : 'unsupported'),
  show: (title, options, onClick) => {
    if (!supported() || Notification.permission !== 'granted') return null;
    try {
      const notification = new Notification(title, options);
      notification.onclick = () => {
        onClick();
        notification.close();
      };
      return notification;
    } catch {
      return null;
    }
  },
};

export const BROWSER_NOTIFICATIONS = new InjectionToken<BrowserNotifications>('BROWSER_NOTIFICATIONS', {
  providedIn: 'root',
  factory: () => browserNotifications,
});

export const NOTIFICATION_SOUND = new InjectionToken<() => void>('NOTIFICATION_SOUND', {
  providedIn: 'root',
  factory: () => beep,
});
