import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, inject, viewChild } from '@angular/core';
import { ChatLayout } from './chat-layout.service';

@Component({
  selector: 'app-sidebar-toggle',
  templateUrl: './sidebar-toggle.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SidebarToggle {
  readonly layout = inject(ChatLayout);
  private readonly button = viewChild<ElementRef<HTMLButtonElement>>('button');

  constructor() {
    const unregister = this.layout.registerToggle(() => this.button()?.nativeElement.focus());
    inject(DestroyRef).onDestroy(unregister);
  }
}
