import { inject, Injectable, InjectionToken, OnDestroy, signal } from '@angular/core';
import {
  ClientToServerEvents,
  Conversation,
  MarkReadAck,
  MarkReadPayload,
  Message,
  ReadMarker,
  SendMessageAck,
  SendMessagePayload,
  ServerToClientEvents,
  SOCKET_UNAUTHORIZED,
  SocketAuth,
  SocketEvent,
  UserUpdated,
} from '@parley/contract';
import { Subject } from 'rxjs';
import { io, Socket } from 'socket.io-client';
import { AuthStore } from '../../auth/auth.store';

export type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** `connecting`: first attempt; `reconnecting`: we had a connection and lost it. */
export type ConnectionState = 'offline' | 'connecting' | 'connected' | 'reconnecting';

export const ACK_TIMEOUT_MS = 10_000;
const RETRY_AFTER_FAILED_REFRESH_MS = 2_000;
/** A handshake refused by a server middleware for another reason than `unauthorized` (e.g. overloaded). */
export const RETRY_AFTER_REFUSAL_MS = 4_000;

export const createSocket = (auth: (cb: (data: SocketAuth) => void) => void): ParleySocket =>
  io({
    path: '/socket.io',
    auth,
    // WebSocket only: no long-polling means no sticky sessions needed behind a load balancer.
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    // A handshake that hangs (half-open network) is abandoned and retried sooner than the 20 s default.
    timeout: 10_000,
  });

/** Seam for tests of the whole chat shell; the app always uses socket.io-client. */
export const SOCKET_FACTORY = new InjectionToken<typeof createSocket>('SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => createSocket,
});

/** The one socket of the chat session: connection state, incoming events, and acknowledged sends. */
@Injectable()
export class SocketService implements OnDestroy {
  private readonly auth = inject(AuthStore);
  private readonly factory = inject(SOCKET_FACTORY);
  private socket: ParleySocket | null = null;
  private refreshedSinceConnect = false;
  private everConnected = false;

  readonly state = signal<ConnectionState>('offline');
  /** Fires on every successful (re)connect: the cue to flush the outbox and catch up on missed messages. */
  readonly connected$ = new Subject<{ reconnect: boolean }>();
  readonly messages$ = new Subject<Message>();
  readonly conversations$ = new Subject<Conversation>();
  /** A conversation's new state (renamed, members changed); one without me means I was removed. */
  readonly conversationUpdates$ = new Subject<Conversation>();
  /** A member's read marker moved (mine from another tab included). */
  readonly readMarkers$ = new Subject<ReadMarker>();
  /** A message's new state (edited, deleted, reacted to, its reply preview changed): merged by version. */
  readonly messageUpdates$ = new Subject<Message>();
  /** Someone who shares a conversation with me (or I, on another device) changed their profile. */
  readonly userUpdates$ = new Subject<UserUpdated>();
  /** The server says live events may have been lost while this socket stayed connected. */
  readonly syncNeeded$ = new Subject<void>();
  /** Emitted when the session cannot be renewed; the app sends the user to log in. */
  readonly sessionLost$ = new Subject<void>();

  connect(factory = this.factory): void {
    if (this.socket) return;
    this.state.set('connecting');
    // A function, so every (re)connection attempt carries the current access token rather than the first one.
    const socket = factory((cb) => cb({ token: this.auth.accessToken() ?? '' }));
    this.socket = socket;
    socket.on('connect', () => {
      const reconnect = this.everConnected;
      this.everConnected = true;
      this.refreshedSinceConnect = false;
      this.state.set('connected');
      this.connected$.next({ reconnect });
    });
    socket.on('disconnect', (reason) => {
      this.state.set(this.everConnected ? 'reconnecting' : 'connecting');
      // A server-side disconnect is not retried by socket.io itself.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error) => void this.onConnectError(socket, error));
    socket.on(SocketEvent.MessageNew, (message) => this.messages$.next(message));
    socket.on(SocketEvent.ConversationNew, (conversation) => this.conversations$.next(conversation));
    socket.on(SocketEvent.SyncNeeded, () => this.syncNeeded$.next());
    socket.on(SocketEvent.ConversationUpdated, (conversation) => this.conversationUpdates$.next(conversation));
    socket.on(SocketEvent.ConversationRead, (marker) => this.readMarkers$.next(marker));
    socket.on(SocketEvent.MessageUpdated, (message) => this.messageUpdates$.next(message));
    socket.on(SocketEvent.UserUpdated, (event) => this.userUpdates$.next(event));
  }

  disconnect(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.everConnected = false;
    this.refreshedSinceConnect = false;
    this.state.set('offline');
  }

  ngOnDestroy(): void {
    this.disconnect();
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** Sends and waits for the server's acknowledgement; rejects on timeout or when not connected. */
  send(payload: SendMessagePayload): Promise<SendMessageAck> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.reject(new Error('not connected'));
    return new Promise((resolve, reject) => {
      socket.timeout(ACK_TIMEOUT_MS).emit(SocketEvent.MessageSend, payload, (error: Error | null, ack: SendMessageAck) =>
        error ? reject(error) : resolve(ack),
      );
    });
  }

  /** Moves my read marker; resolves with the server's acknowledgement, rejects on timeout or when not connected. */
  markRead(payload: MarkReadPayload): Promise<MarkReadAck> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.reject(new Error('not connected'));
    return new Promise((resolve, reject) => {
      socket.timeout(ACK_TIMEOUT_MS).emit(SocketEvent.ConversationRead, payload, (error: Error | null, ack: MarkReadAck) =>
        error ? reject(error) : resolve(ack),
      );
    });
  }

  private async onConnectError(socket: ParleySocket, error: Error): Promise<void> {
    if (socket !== this.socket) return;
    this.state.set(this.everConnected ? 'reconnecting' : 'connecting');
    if (error.message !== SOCKET_UNAUTHORIZED) {
      // socket.io retries network errors by itself, but not a refusal by the server's middleware (active === false).
      if (!socket.active) setTimeout(() => socket === this.socket && socket.connect(), RETRY_AFTER_REFUSAL_MS);
      return;
    }
    // A refused handshake is not retried automatically: renew the token once, then try again.
    if (this.refreshedSinceConnect) {
      this.sessionLost$.next();
      return;
    }
    this.refreshedSinceConnect = true;
    const token = await this.auth.refresh();
    if (socket !== this.socket) return;
    if (token) {
      socket.connect();
    } else if (this.auth.isLoggedIn()) {
      // The refresh itself could not reach the server: keep the session and try again shortly.
      this.refreshedSinceConnect = false;
      setTimeout(() => socket === this.socket && socket.connect(), RETRY_AFTER_FAILED_REFRESH_MS);
    } else {
      this.sessionLost$.next();
    }
  }
}
