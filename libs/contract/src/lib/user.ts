export interface User {
  id: string;
  username: string;
  displayName: string;
  /** ISO-8601 timestamp. */
  createdAt: string;
}

export interface SignupRequest {
  username: string;
  password: string;
  displayName?: string;
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
