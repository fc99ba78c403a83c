import { A11yModule } from '@angular/cdk/a11y';
import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { ConnectionBanner } from '../connection/connection-banner.component';
import { chatSessionProviders } from '../data/chat-session.providers';
import { ChatSync } from '../data/chat-sync.service';
import { UserSidebar } from '../sidebar/user-sidebar.component';
import { ChatLayout } from './chat-layout.service';

@Component({
  selector: 'app-chat-shell',
  imports: [RouterOutlet, A11yModule, UserSidebar, ConnectionBanner],
  providers: [...chatSessionProviders, ChatLayout],
  templateUrl: './chat-shell.component.html',
  styleUrl: './chat-shell.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown.escape)': 'layout.closeIfOverlay()' },
})
export class ChatShell implements OnInit {
  readonly layout = inject(ChatLayout);
  private readonly sync = inject(ChatSync);

  ngOnInit(): void {
    this.sync.start();
  }
}
