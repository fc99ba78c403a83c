import type { Conversation, ReadMarker } from './conversation';
import type { SocketErrorAck } from './errors';
import type { Message, SendMessagePayload } from './message';
import type { Presence, PresenceStatus, UserUpdated } from './user';

/** Every Socket.IO event name, in one place; code never spells them as string literals. */
export const SocketEvent = {
  MessageSend: 'message:send',
  MessageNew: 'message:new',
  ConversationNew: 'conversation:new',
  SyncNeeded: 'sync:needed',
  /** v2, server → client: a conversation's new state (renamed, members added or removed). */
  ConversationUpdated: 'conversation:updated',
  /** v2, both ways: client → server moves my read marker (with an ack); server → client a moved marker. */
  ConversationRead: 'conversation:read',
  /** Client → server with an ack: the renewed access token of this socket's login, so it outlives the old one. */
  AuthRenew: 'auth:renew',
  /** Server → client, just before the server closes this socket: why (see SocketCloseReason). */
  ConnectionClosing: 'connection:closing',
  /** v2, server → client: a message's new state (edited, deleted, reacted to, or its reply preview changed). */
  MessageUpdated: 'message:updated',
  /** v2, server → client: someone who shares a conversation with you (or you) changed their profile. */
  UserUpdated: 'user:updated',
  /** v2, client → server with an ack: the users whose presence this socket follows (replaces its previous list). */
  PresenceSubscribe: 'presence:subscribe',
  /** v2, server → client: a followed user's presence changed. */
  Presence: 'presence',
  /** v2, client → server: this tab is `active` or `away` (no input for Limits.awayAfterMs). */
  PresenceStatus: 'presence:status',
  /** v2, both ways: client → server "I am (not) typing here"; server → the other members' sockets. Never stored. */
  Typing: 'typing',
} as const;

/** Why the server closed a socket; sent with `connection:closing` right before the disconnect. */
export const SocketCloseReason = {
  /** The login was ended: logout, a password change, a replayed refresh token, the account deleted. */
  SessionEnded: 'session_ended',
  /** The access token expired and was not renewed with `auth:renew`; reconnect with a fresh one. */
  TokenExpired: 'token_expired',
  /** The account opened more sockets than the server allows; the oldest ones are closed. */
  TooManySockets: 'too_many_sockets',
} as const;
export type SocketCloseReason = (typeof SocketCloseReason)[keyof typeof SocketCloseReason];

export interface ConnectionClosing {
  reason: SocketCloseReason;
  message: string;
}

export interface AuthRenewPayload {
  token: string;
}

export type AuthRenewAck = { ok: true } | SocketErrorAck;

/** The message the server gives in `connect_error` when the handshake is refused. */
export const SOCKET_UNAUTHORIZED = 'unauthorized';

export type SendMessageAck = { ok: true; message: Message } | SocketErrorAck;

export interface MarkReadPayload {
  conversationId: string;
  seq: number;
}

/** `lastReadSeq` is the marker after the call (a lower seq than it is accepted and ignored). */
export type MarkReadAck = { ok: true; lastReadSeq: number } | SocketErrorAck;

export interface PresenceSubscribePayload {
  /** At most Limits.presenceSubscribeMax ids; unknown ids are answered as offline, never seen. */
  userIds: string[];
}

export type PresenceSubscribeAck = { ok: true; presence: Presence[] } | SocketErrorAck;

export interface PresenceStatusPayload {
  status: PresenceStatus;
}

/** Client → server. Renewed every Limits.typingRenewMs while typing; `false` on send or when the field empties. */
export interface TypingPayload {
  conversationId: string;
  typing: boolean;
}

/** Server → the conversation's other members; `typing: true` lapses by itself after Limits.typingExpiresMs. */
export interface TypingEvent {
  conversationId: string;
  userId: string;
  typing: boolean;
}

export interface ClientToServerEvents {
  [SocketEvent.MessageSend]: (payload: SendMessagePayload, ack: (result: SendMessageAck) => void) => void;
  [SocketEvent.ConversationRead]: (payload: MarkReadPayload, ack: (result: MarkReadAck) => void) => void;
  [SocketEvent.AuthRenew]: (payload: AuthRenewPayload, ack: (result: AuthRenewAck) => void) => void;
  [SocketEvent.PresenceSubscribe]: (payload: PresenceSubscribePayload, ack: (result: PresenceSubscribeAck) => void) => void;
  /** No ack: a bad payload is dropped. */
  [SocketEvent.PresenceStatus]: (payload: PresenceStatusPayload) => void;
  /** No ack: bad payloads, non-members and events over the per-socket rate are dropped silently. */
  [SocketEvent.Typing]: (payload: TypingPayload) => void;
}

export interface ServerToClientEvents {
  [SocketEvent.MessageNew]: (message: Message) => void;
  /** A conversation the user was just added to (e.g. someone opened a direct chat with them). */
  [SocketEvent.ConversationNew]: (conversation: Conversation) => void;
  /**
   * Live events may have been missed without this socket disconnecting (the server's link to the
   * other processes was down): catch up with GET /api/sync now.
   */
  [SocketEvent.SyncNeeded]: () => void;
  /** To every member, including those just added or removed (a removed one sees itself gone from `members`). */
  [SocketEvent.ConversationUpdated]: (conversation: Conversation) => void;
  /** A member's read marker moved: to every member's devices (the reader's other tabs clear their badge). */
  [SocketEvent.ConversationRead]: (marker: ReadMarker) => void;
  [SocketEvent.ConnectionClosing]: (closing: ConnectionClosing) => void;
  /** The whole message in its new state, to every member's devices; keep it if its `version` is higher than yours. */
  [SocketEvent.MessageUpdated]: (message: Message) => void;
  [SocketEvent.UserUpdated]: (event: UserUpdated) => void;
  [SocketEvent.Presence]: (presence: Presence) => void;
  [SocketEvent.Typing]: (event: TypingEvent) => void;
}

/** No server-to-server events yet; the map exists so the gateway's Server type is complete. */
export type InterServerEvents = Record<never, never>;

/** What the server keeps on each authenticated socket. */
export interface SocketData {
  userId: string;
  username: string;
  /** The login (refresh-token family) the access token belongs to; the socket is in `Rooms.session(sessionId)`. */
  sessionId?: string;
  /** When the socket's access token expires (ms since the epoch); renewed by `auth:renew`. */
  expiresAt?: number;
  /** When the socket connected (ms since the epoch): the oldest go first when an account has too many. */
  connectedAt?: number;
}

/** The Socket.IO handshake `auth` payload. */
export interface SocketAuth {
  token: string;
}

/** Room names: one per user (all their tabs, on every process) and one per conversation. */
export const Rooms = {
  user: (userId: string) => `user:${userId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  /** Every socket of one login, on every process: closed together when that login ends. */
  session: (sessionId: string) => `session:${sessionId}`,
  /** v2: the sockets following one user's presence (joined by `presence:subscribe`), on every process. */
  presence: (userId: string) => `presence:${userId}`,
} as const;
