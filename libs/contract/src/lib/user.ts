export interface User extends PresenceState {
  id: string;
  username: string;
  displayName: string;
  /** ISO-8601 timestamp. */
  createdAt: string;
}

/** v2: `active` unless every tab of the user has gone 5 minutes without input (Limits.awayAfterMs); shown as a hollow dot. */
export const PresenceStatus = {
  Active: 'active',
  Away: 'away',
} as const;
export type PresenceStatus = (typeof PresenceStatus)[keyof typeof PresenceStatus];

/** v2: whether someone is connected right now, as carried by `User` and pushed by `presence`. */
export interface PresenceState {
  /** At least one of the user's sockets is connected to some API process. */
  online: boolean;
  /** ISO-8601: when their last socket went away; null while online, and for someone never seen. */
  lastSeenAt: string | null;
  /** Only while online (absent when offline). */
  status?: PresenceStatus;
}

/** v2: one user's presence, in the `presence:subscribe` ack and the `presence` push. */
export interface Presence extends PresenceState {
  userId: string;
}

export interface SignupRequest {
  username: string;
  password: string;
  displayName?: string;
}

/** v2: `PATCH /api/users/me`; the same display-name rules as signup. */
export type UpdateProfileRequest = Required<Pick<SignupRequest, 'displayName'>>;

/** v2: the `user:updated` push, to the user's own devices and everyone who shares a conversation with them. */
export interface UserUpdated {
  user: User;
}

export type LoginRequest = Pick<SignupRequest, 'username' | 'password'>;

/** `POST /api/auth/password`: ends every other login of the account. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** Returned by signup, login and refresh; the refresh token travels in an httpOnly cookie. */
export interface AuthResponse {
  accessToken: string;
  user: User;
}

export interface ListUsersQuery {
  q?: string;
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; null when there is nothing more. */
  nextCursor: string | null;
}

/** `DELETE /api/users/me`: closing your account needs your password. */
export interface CloseAccountRequest {
  password: string;
}
