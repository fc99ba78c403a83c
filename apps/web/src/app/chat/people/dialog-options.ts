import { Dialog, DialogRef } from '@angular/cdk/dialog';
import { ComponentType } from '@angular/cdk/portal';
import { Injector } from '@angular/core';

/**
 * Opens one of the chat dialogs: modal, focus trapped inside and given back to whatever opened it on close,
 * starting on `focus` (the field to type in, not the close button at the top), and with the opener's
 * injector, so the dialog sees the chat session's stores (provided by the shell, not in root).
 */
export function openChatDialog<C, D = unknown>(
  injector: Injector,
  component: ComponentType<C>,
  options: { labelledBy: string; focus: string; data?: D },
): DialogRef<unknown, C> {
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
