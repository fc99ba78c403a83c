import { ComponentRef, DestroyRef, effect, ElementRef, inject, Type, ViewContainerRef } from '@angular/core';

/**
 * The attachment views (the tray, a message's files), fetched the first time a conversation shows a
 * file or one is attached, and with the dialogs ahead of need (see chat-dialogs.ts), so the
 * conversation page's first load carries none of it. Plain dynamic imports, not @defer nor creation
 * `bindings`: their runtime alone would cost the first load more than these views weigh.
 */
export const loadUploadTray = () => import('./attachment-views').then((m) => m.UploadTray);
export const loadMessageAttachments = () => import('./attachment-views').then((m) => m.MessageAttachments);

/**
 * Called in a directive's constructor: once `load` resolves, creates the component right after the host
 * element (hidden then: it was the placeholder), keeps its inputs set from `inputs` (read in an effect,
 * so they follow the directive's signals) and hands it to `wire` for its outputs.
 */
export function replaceWhenLoaded<C>(load: () => Promise<Type<C>>, inputs: () => Record<string, unknown>, wire: (component: C) => void): void {
  const container = inject(ViewContainerRef);
  const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  let ref: ComponentRef<C> | null = null;
  let destroyed = false;
  inject(DestroyRef).onDestroy(() => (destroyed = true));
  const apply = () => {
    const values = inputs();
    if (ref) for (const [name, value] of Object.entries(values)) ref.setInput(name, value);
  };
  const follow = effect(apply, { manualCleanup: true });
  inject(DestroyRef).onDestroy(() => follow.destroy());
  void load().then((component) => {
    if (destroyed) return;
    ref = container.createComponent(component);
    apply();
    wire(ref.instance);
    host.style.display = 'none';
  });
}
