import type { DialogRef } from '@angular/cdk/dialog';
import type { ComponentType } from '@angular/cdk/portal';
import { Injector } from '@angular/core';

/**
 * Opens one of the chat dialogs: modal, focus trapped inside and given back to whatever opened it on close,
 * starting on `focus` (the field to type in, not the close button at the top), and with the opener's
 * injector, so the dialog sees the chat session's stores (provided by the shell, not in root).
 *
 * The dialog's code and the CDK's dialog service are fetched the first time one opens (see chat-dialogs.ts):
 * none of it is needed to show a conversation, so it stays out of the chat's first load.
 */
export async function openChatDialog<C, D = unknown>(
  injector: Injector,
  load: () => Promise<ComponentType<C>>,
  options: { labelledBy: string; focus: string; data?: D },
): Promise<DialogRef<unknown, C>> {
  const [{ Dialog }, component] = await Promise.all([import('@angular/cdk/dialog'), load()]);
  return injector.get(Dialog).open<unknown, D, C>(component, {
    injector,
    data: options.data,
    ariaModal: true,
    ariaLabelledBy: options.labelledBy,
    autoFocus: options.focus,
    restoreFocus: true,
    panelClass: 'app-dialog-panel',
    backdropClass: 'app-dialog-backdrop',
  });
}
