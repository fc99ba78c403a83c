import { Injector } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { EmojiPicker as EmojiPickerComponent, EmojiPickerData } from './emoji-picker.component';

/** The picker's chunk (and its emoji list); also fetched ahead of need with the chat's dialogs. */
export const loadEmojiPicker = () => import('./emoji-picker.component');

/**
 * Opens the picker next to `anchor` (above it when there is room, else below); resolves with the emoji
 * picked, or undefined when dismissed. Focus starts in the filter field and goes back to the opener.
 * The picker (and its emoji list) is fetched the first time, like the chat's dialogs.
 */
export async function openEmojiPicker(injector: Injector, anchor: HTMLElement, data: EmojiPickerData): Promise<string | undefined> {
  const [{ Dialog }, { Overlay }, { EmojiPicker }] = await Promise.all([
    import('@angular/cdk/dialog'),
    import('@angular/cdk/overlay'),
    loadEmojiPicker(),
  ]);
  const overlay = injector.get(Overlay);
  const positionStrategy = overlay
    .position()
    .flexibleConnectedTo(anchor)
    .withPush(true)
    .withViewportMargin(8)
    .withPositions([
      { originX: 'end', originY: 'top', overlayX: 'end', overlayY: 'bottom', offsetY: -4 },
      { originX: 'end', originY: 'bottom', overlayX: 'end', overlayY: 'top', offsetY: 4 },
      { originX: 'start', originY: 'top', overlayX: 'start', overlayY: 'bottom', offsetY: -4 },
      { originX: 'start', originY: 'bottom', overlayX: 'start', overlayY: 'top', offsetY: 4 },
    ]);
  const ref = injector.get(Dialog).open<string, EmojiPickerData, EmojiPickerComponent>(EmojiPicker, {
    injector,
    data,
    positionStrategy,
    ariaModal: true,
    ariaLabelledBy: 'emoji-picker-title',
    autoFocus: '#emoji-filter',
    restoreFocus: true,
    hasBackdrop: true,
    backdropClass: 'cdk-overlay-transparent-backdrop',
  });
  return firstValueFrom(ref.closed);
}
