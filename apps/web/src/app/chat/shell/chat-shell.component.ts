import { CdkTrapFocus } from '@angular/cdk/a11y';
import { afterNextRender, ChangeDetectionStrategy, Component, computed, inject, OnInit } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { prefetchChatDialogs } from '../chat-dialogs';
import { ConnectionBanner } from '../connection/connection-banner.component';
import { chatSessionProviders } from '../data/chat-session.providers';
import { ChatSync } from '../data/chat-sync.service';
import { SearchOpener } from '../search/search-opener.service';
import { ChatSidebar } from '../sidebar/chat-sidebar.component';
import { ChatLayout } from './chat-layout.service';
import { PageTitle } from './page-title.service';

@Component({
  selector: 'app-chat-shell',
  // The focus-trap directive alone: A11yModule's constructor probes for high-contrast mode with a forced style recalculation.
  imports: [RouterOutlet, CdkTrapFocus, ChatSidebar, ConnectionBanner],
  providers: [...chatSessionProviders, ChatLayout, PageTitle, SearchOpener],
  templateUrl: './chat-shell.component.html',
  styleUrl: './chat-shell.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown.escape)': 'onEscape($event)', '(document:keydown)': 'search.onKeydown($event)' },
})
export class ChatShell implements OnInit {
  readonly layout = inject(ChatLayout);
  private readonly sync = inject(ChatSync);
  /** Created with the shell, so the unread total is in the title on every chat page. */
  protected readonly title = inject(PageTitle);
  protected readonly search = inject(SearchOpener);

  /**
   * Beside the conversation the list is built with the page; on a phone, where it is folded away, the first
   * time it is opened (then kept): the conversation's first paint does not wait for a list nobody sees.
   */
  private built = false;
  protected readonly sidebarBuilt = computed(() => (this.built ||= !this.layout.narrow() || this.layout.sidebarOpen()));

  constructor() {
    afterNextRender(() => prefetchChatDialogs());
  }

  /** In place of the fragment jump (which, under <base href="/">, would load "/#chat-main"): the composer, or the pane. */
  skipToMain(event: Event): void {
    event.preventDefault();
    const main = document.getElementById('chat-main');
    const target = main?.querySelector<HTMLElement>('#composer-input') ?? main;
    target?.focus();
  }

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
