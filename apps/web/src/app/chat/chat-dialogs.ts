import type { DialogRef } from '@angular/cdk/dialog';
import type { ComponentType } from '@angular/cdk/portal';
import { Injector } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { LightboxData } from './attachments/lightbox-dialog.component';
import type { RenameDialogData } from './group/rename-dialog.component';
import { loadUploadTray } from './attachments/lazy-view';
import { loadEmojiPicker } from './messages/emoji-picker/open-emoji-picker';
import type { DeleteMessageData } from './messages/message-actions/delete-message-dialog.component';
import { openChatDialog } from './people/dialog-options';
import { NARROW_QUERY } from './shell/chat-layout.service';

/**
 * Every chat dialog's opener, in one place that imports no dialog: each dialog is its own lazy chunk,
 * fetched when it first opens (see openChatDialog).
 */

type DialogLoader = () => Promise<ComponentType<unknown>>;
const lazy = (load: DialogLoader): DialogLoader => load;

/** Each dialog's component, fetched on first use: the one list both the openers and the prefetch read. */
const dialogs = {
  newChat: lazy(() => import('./people/new-chat-dialog.component').then((m) => m.NewChatDialog)),
  newGroup: lazy(() => import('./people/new-group-dialog.component').then((m) => m.NewGroupDialog)),
  members: lazy(() => import('./group/members-dialog.component').then((m) => m.MembersDialog)),
  rename: lazy(() => import('./group/rename-dialog.component').then((m) => m.RenameDialog)),
  search: lazy(() => import('./search/search-dialog.component').then((m) => m.SearchDialog)),
  deleteMessage: lazy(() => import('./messages/message-actions/delete-message-dialog.component').then((m) => m.DeleteMessageDialog)),
  profile: lazy(() => import('../settings/profile-dialog.component').then((m) => m.ProfileDialog)),
  notificationSettings: lazy(() => import('./notifications/notification-settings-dialog.component').then((m) => m.NotificationSettingsDialog)),
  lightbox: lazy(() => import('./attachments/attachment-views').then((m) => m.LightboxDialog)),
};

/** Besides the dialogs: the CDK's dialog service, the emoji picker (opened by open-emoji-picker.ts) and the attachment views (the lightbox's chunk too). */
const otherChunks = [() => import('@angular/cdk/dialog'), loadEmojiPicker, loadUploadTray];

/**
 * Fetches every dialog's chunk ahead of need: on the first key or pointer press (a dialog opens only
 * after one) or once the page has been idle a while, so that a dialog opens at once, offline too (the
 * chunks are then in memory), without adding work while the conversation first loads.
 */
export function prefetchChatDialogs(): void {
  let started = false;
  const fetchAll = () => {
    if (started) return;
    started = true;
    removeEventListener('pointerdown', fetchAll, true);
    removeEventListener('keydown', fetchAll, true);
    [...otherChunks, ...Object.values(dialogs)].forEach((load) => void load().catch(() => undefined));
  };
  addEventListener('pointerdown', fetchAll, { capture: true, passive: true });
  addEventListener('keydown', fetchAll, { capture: true, passive: true });
  setTimeout(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fetchAll) : fetchAll()), PREFETCH_AFTER_MS);
}

const PREFETCH_AFTER_MS = 10_000;

/**
 * On a phone the dialog starts on its heading: focusing the search box would raise the keyboard over
 * the list before the person has even looked at it. Elsewhere, on the search box, ready to type.
 */
export function openNewChat(injector: Injector): Promise<DialogRef<unknown>> {
  const phone = typeof matchMedia === 'function' && matchMedia(NARROW_QUERY).matches;
  return openChatDialog(injector, dialogs.newChat, {
    labelledBy: 'new-chat-title',
    focus: phone ? '#new-chat-title' : '#people-search',
  });
}

export function openNewGroup(injector: Injector): Promise<DialogRef<unknown>> {
  return openChatDialog(injector, dialogs.newGroup, {
    labelledBy: 'new-group-title',
    focus: '#group-title',
  });
}

export function openMembers(injector: Injector, conversationId: string): Promise<DialogRef<unknown>> {
  return openChatDialog(injector, dialogs.members, {
    labelledBy: 'members-title',
    focus: '#members-title',
    data: { conversationId },
  });
}

export function openRename(injector: Injector, data: RenameDialogData): Promise<DialogRef<unknown>> {
  return openChatDialog(injector, dialogs.rename, {
    labelledBy: 'rename-title',
    focus: '#rename-field',
    data,
  });
}

export function openSearch(injector: Injector): Promise<DialogRef<unknown>> {
  return openChatDialog(injector, dialogs.search, {
    labelledBy: 'search-title',
    focus: '#search-field',
  });
}

/** Resolves true when the deletion is confirmed. Focus starts on Cancel (the safe choice) and returns to the opener. */
export async function confirmDeleteMessage(injector: Injector, data: DeleteMessageData): Promise<boolean> {
  const ref = await openChatDialog(injector, dialogs.deleteMessage, {
    labelledBy: 'delete-message-title',
    focus: '#delete-message-cancel',
    data,
  });
  return (await firstValueFrom(ref.closed)) === true;
}

/** The profile and account settings (settings/), opened from the chat's user menu. */
export function openProfile(injector: Injector): Promise<DialogRef<unknown>> {
  return openChatDialog(injector, dialogs.profile, {
    labelledBy: 'profile-title',
    focus: '#profile-name',
  });
}

/** Desktop notifications and the sound, from the bell in the list's footer or the phone's account menu. */
export function openNotificationSettings(injector: Injector): Promise<DialogRef<unknown>> {
  return openChatDialog(injector, dialogs.notificationSettings, {
    labelledBy: 'notifications-title',
    focus: '#notify-desktop',
  });
}

/**
 * An image of the conversation at full size, the whole screen its panel; the arrows move through `images`.
 * Modal like the others (focus trapped, Escape closes, focus back on the thumbnail), starting on Close.
 */
export async function openLightbox(injector: Injector, data: LightboxData): Promise<DialogRef<unknown>> {
  const [{ Dialog }, component] = await Promise.all([import('@angular/cdk/dialog'), dialogs.lightbox()]);
  return injector.get(Dialog).open(component, {
    injector,
    data,
    ariaModal: true,
    ariaLabelledBy: 'lightbox-title',
    autoFocus: '#lightbox-close',
    restoreFocus: true,
    width: '100vw',
    height: '100dvh',
    maxWidth: '100vw',
    maxHeight: '100dvh',
    panelClass: 'app-dialog-panel',
    backdropClass: 'app-dialog-backdrop',
  });
}
