import { A11yModule } from '@angular/cdk/a11y';
import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { ConnectionBanner } from '../connection/connection-banner.component';
import { chatSessionProviders } from '../data/chat-session.providers';
import { ChatSync } from '../data/chat-sync.service';
import { ChatSidebar } from '../sidebar/chat-sidebar.component';
import { ChatLayout } from './chat-layout.service';
import { PageTitle } from './page-title.service';

@Component({
  selector: 'app-chat-shell',
  imports: [RouterOutlet, A11yModule, ChatSidebar, ConnectionBanner],
  providers: [...chatSessionProviders, ChatLayout, PageTitle],
  templateUrl: './chat-shell.component.html',
  styleUrl: './chat-shell.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown.escape)': 'onEscape($event)' },
})
export class ChatShell implements OnInit {
  readonly layout = inject(ChatLayout);
  private readonly sync = inject(ChatSync);
  /** Created with the shell, so the unread total is in the title on every chat page. */
  protected readonly title = inject(PageTitle);

  ngOnInit(): void {
    this.sync.start();
  }

  /**
   * Escape in a dialog opened from the list (New chat, New group) closes that dialog only, not the list too.
   * The CDK dialog has closed by now (its target already detached), but it marks the event as handled.
   */
  onEscape(event: Event): void {
    if (event.defaultPrevented) return;
    this.layout.closeIfOverlay();
  }
}
