import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ChatLayout } from './chat-layout.service';

@Component({
  selector: 'app-sidebar-toggle',
  templateUrl: './sidebar-toggle.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SidebarToggle {
  readonly layout = inject(ChatLayout);
}
