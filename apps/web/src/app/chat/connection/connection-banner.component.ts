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
  /** Why the server closed the socket, or that sends wait out a rate limit; else the connection state. */
  readonly message = computed(() =>
    this.socket.notice() ?? (this.socket.state() === 'reconnecting' ? 'Connection lost. Reconnecting…' : null),
  );
  /** Closed by the server for good (too many sockets): only the person can bring it back. */
  readonly canReconnect = computed(() => this.socket.notice() !== null && this.socket.state() === 'offline');

  reconnect(): void {
    this.socket.reconnect();
  }
}
