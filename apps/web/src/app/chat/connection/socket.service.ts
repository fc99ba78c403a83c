import { effect, inject, Injectable, InjectionToken, OnDestroy, signal } from '@angular/core';
import {
  ClientToServerEvents,
  ConnectionClosing,
  Conversation,
  ErrorCode,
  MarkReadAck,
  MarkReadPayload,
  Message,
  Presence,
  PresenceStatus,
  PresenceSubscribeAck,
  ReadMarker,
  SendMessageAck,
  SendMessagePayload,
  ServerToClientEvents,
  SOCKET_UNAUTHORIZED,
  SocketAuth,
  SocketCloseReason,
  SocketEvent,
  TypingEvent,
  TypingPayload,
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
/** A send refused RATE_LIMITED is resent after the server's retryAfterMs, this many times before the outbox takes over. */
export const RATE_LIMIT_RESENDS = 5;
/** Renew the socket's token this long before it expires (or at 80 % of a shorter lifetime). */
const RENEW_BEFORE_EXPIRY_MS = 60_000;

/** `exp` of a JWT in ms, or null; the client only reads it to know when to renew, it never trusts it. */
export function tokenExpiry(token: string | null): number | null {
  try {
    const payload = JSON.parse(atob((token ?? '').split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

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
  /** The token the server knows this socket by (from the handshake or the last auth:renew). */
  private socketToken: string | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  /** The server closed this tab's socket because the account has too many: stay closed until asked. */
  private closedForGood = false;

  readonly state = signal<ConnectionState>('offline');
  /** What the connection banner should say besides the state: why the server closed the socket, or that sends wait. */
  readonly notice = signal<string | null>(null);
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
  /** v2: a followed user's presence changed (see PresenceSubscription for who is followed). */
  readonly presence$ = new Subject<Presence>();
  /** v2: another member started or stopped typing somewhere. */
  readonly typing$ = new Subject<TypingEvent>();
  /** The server says live events may have been lost while this socket stayed connected. */
  readonly syncNeeded$ = new Subject<void>();
  /** Emitted when the session cannot be renewed; the app sends the user to log in. */
  readonly sessionLost$ = new Subject<void>();

  /** A renewed access token (refresh over HTTP, in this tab) goes to the live socket too, so it outlives the old one. */
  private readonly renewOnNewToken = effect(() => {
    const token = this.auth.accessToken();
    if (token && this.socket?.connected && token !== this.socketToken) this.renew(token);
  });

  connect(factory = this.factory): void {
    if (this.socket) return;
    this.state.set('connecting');
    // A function, so every (re)connection attempt carries the current access token rather than the first one.
    this.closedForGood = false;
    const socket = factory((cb) => {
      this.socketToken = this.auth.accessToken();
      cb({ token: this.socketToken ?? '' });
    });
    this.socket = socket;
    socket.on('connect', () => {
      const reconnect = this.everConnected;
      this.everConnected = true;
      this.refreshedSinceConnect = false;
      this.notice.set(null);
      this.state.set('connected');
      this.scheduleRenewal();
      this.connected$.next({ reconnect });
    });
    socket.on('disconnect', (reason) => {
      clearTimeout(this.renewTimer);
      if (this.closedForGood) return this.state.set('offline');
      this.state.set(this.everConnected ? 'reconnecting' : 'connecting');
      // A server-side disconnect is not retried by socket.io itself.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on(SocketEvent.ConnectionClosing, (closing) => this.onClosing(closing));
    socket.on('connect_error', (error) => void this.onConnectError(socket, error));
    socket.on(SocketEvent.MessageNew, (message) => this.messages$.next(message));
    socket.on(SocketEvent.ConversationNew, (conversation) => this.conversations$.next(conversation));
    socket.on(SocketEvent.SyncNeeded, () => this.syncNeeded$.next());
    socket.on(SocketEvent.ConversationUpdated, (conversation) => this.conversationUpdates$.next(conversation));
    socket.on(SocketEvent.ConversationRead, (marker) => this.readMarkers$.next(marker));
    socket.on(SocketEvent.MessageUpdated, (message) => this.messageUpdates$.next(message));
    socket.on(SocketEvent.UserUpdated, (event) => this.userUpdates$.next(event));
    socket.on(SocketEvent.Presence, (presence) => this.presence$.next(presence));
    socket.on(SocketEvent.Typing, (event) => this.typing$.next(event));
  }

  /** After the server closed this tab for too many sockets: the person asked to come back (closing another one). */
  reconnect(): void {
    if (!this.socket || this.socket.connected) return;
    this.closedForGood = false;
    this.notice.set(null);
    this.state.set('connecting');
    this.socket.connect();
  }

  disconnect(): void {
    clearTimeout(this.renewTimer);
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

  /**
   * Sends and waits for the server's acknowledgement; rejects on timeout or when not connected.
   * RATE_LIMITED is waited out here, as long as the server says (retryAfterMs, shown in the banner),
   * and resent with the same clientMessageId; only then is it the caller's to retry.
   */
  async send(payload: SendMessagePayload): Promise<SendMessageAck> {
    for (let resends = 0; ; resends++) {
      const ack = await this.sendOnce(payload);
      if (ack.ok || ack.error.code !== ErrorCode.RateLimited || resends >= RATE_LIMIT_RESENDS || !this.socket?.connected) {
        if (ack.ok) this.notice.set(null);
        return ack;
      }
      const waitMs = ack.error.retryAfterMs ?? 1_000;
      this.notice.set(`Sending too fast — your messages go out in ${Math.ceil(waitMs / 1000)} s.`);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  private sendOnce(payload: SendMessagePayload): Promise<SendMessageAck> {
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

  /** Follows these users' presence (replacing the previous list); the ack has each one's state now. */
  subscribePresence(userIds: string[]): Promise<PresenceSubscribeAck> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.reject(new Error('not connected'));
    return new Promise((resolve, reject) => {
      socket.timeout(ACK_TIMEOUT_MS).emit(SocketEvent.PresenceSubscribe, { userIds }, (error: Error | null, ack: PresenceSubscribeAck) =>
        error ? reject(error) : resolve(ack),
      );
    });
  }

  /**
   * Fire-and-forget signals that are only worth anything now: dropped while disconnected rather than
   * buffered by socket.io and replayed, stale, after a reconnect (the reconnect reports the status afresh).
   */
  setPresenceStatus(status: PresenceStatus): void {
    if (this.socket?.connected) this.socket.emit(SocketEvent.PresenceStatus, { status });
  }

  sendTyping(payload: TypingPayload): void {
    if (this.socket?.connected) this.socket.emit(SocketEvent.Typing, payload);
  }

  private onClosing({ reason, message }: ConnectionClosing): void {
    if (reason === SocketCloseReason.SessionEnded) {
      // Logged out elsewhere, or the password changed: this tab's login is over.
      this.closedForGood = true;
      this.sessionLost$.next();
    } else if (reason === SocketCloseReason.TooManySockets) {
      // Reconnecting at once would only close another tab of the same account: wait to be asked.
      this.closedForGood = true;
      this.notice.set(`${message}. Close a tab or device, then reconnect.`);
    }
    // TokenExpired: the disconnect handler reconnects, with a renewed token if the old one is refused.
  }

  /** Shortly before the socket's token expires, renew it over HTTP; the effect above hands it to the socket. */
  private scheduleRenewal(): void {
    clearTimeout(this.renewTimer);
    const expiresAt = tokenExpiry(this.socketToken);
    if (expiresAt === null) return;
    const left = expiresAt - Date.now();
    const delay = Math.max(1_000, left - Math.min(RENEW_BEFORE_EXPIRY_MS, left * 0.2));
    this.renewTimer = setTimeout(() => void this.auth.refresh(), delay);
  }

  private renew(token: string): void {
    const socket = this.socket;
    if (!socket) return;
    this.socketToken = token;
    socket.timeout(ACK_TIMEOUT_MS).emit(SocketEvent.AuthRenew, { token }, (error: Error | null, ack: { ok: boolean } | undefined) => {
      // A refused or lost renewal is no emergency: at expiry the server closes the socket and the reconnect renews.
      if (!error && ack?.ok && socket === this.socket) this.scheduleRenewal();
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
