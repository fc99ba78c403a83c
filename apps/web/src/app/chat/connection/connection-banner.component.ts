import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { SocketService } from './socket.service';

/** A quiet strip over the conversation while the live connection is down; messages typed meanwhile wait in the outbox. */
@Component({
  selector: 'app-connection-banner',
  templateUrl: './connection-banner.component.html',
  styleUrl: './connection-banner.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionBanner {
  private readonly socket = inject(SocketService);
  readonly message = computed(() =>
    this.socket.state() === 'reconnecting' ? 'Connection lost. Reconnecting…' : null,
  );
}
