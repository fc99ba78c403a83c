import { CdkContextMenuTrigger } from '@angular/cdk/menu';
import { Directive, inject, OnDestroy } from '@angular/core';

const HOLD_MS = 500;
const SLOP_PX = 10;

/**
 * A touch held still on a message opens its context menu (iOS Safari sends no `contextmenu` for a long
 * press; Android does, and then the CDK trigger has opened it already).
 */
@Directive({
  selector: '[appLongPress]',
  host: {
    '(pointerdown)': 'start($event)',
    '(pointermove)': 'move($event)',
    '(pointerup)': 'cancel()',
    '(pointercancel)': 'cancel()',
  },
})
export class LongPress implements OnDestroy {
  private readonly trigger = inject(CdkContextMenuTrigger, { optional: true });
  private timer: ReturnType<typeof setTimeout> | undefined;
  private origin: { x: number; y: number } | null = null;

  start(event: PointerEvent): void {
    if (event.pointerType !== 'touch' || !this.trigger || this.trigger.disabled) return;
    this.cancel();
    const origin = { x: event.clientX, y: event.clientY };
    this.origin = origin;
    this.timer = setTimeout(() => {
      if (!this.trigger?.isOpen()) this.trigger?.open(origin);
    }, HOLD_MS);
  }

  move(event: PointerEvent): void {
    if (this.origin && Math.hypot(event.clientX - this.origin.x, event.clientY - this.origin.y) > SLOP_PX) this.cancel();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.origin = null;
  }

  ngOnDestroy(): void {
    this.cancel();
  }
}
