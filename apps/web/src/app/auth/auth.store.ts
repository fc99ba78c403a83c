import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { AuthResponse, LoginRequest, SignupRequest, User } from '@parley/contract';
import { firstValueFrom, Observable } from 'rxjs';

export const AUTH_API = {
  signup: '/api/auth/signup',
  login: '/api/auth/login',
  refresh: '/api/auth/refresh',
  logout: '/api/auth/logout',
} as const;

/** Serialises refreshes across tabs: a rotated refresh token replayed by a second tab would revoke the whole login. */
const REFRESH_LOCK = 'parley-auth-refresh';

interface Session {
  user: User;
  /** In memory only: never written to storage, so a script on another page load cannot read it. */
  accessToken: string;
}

@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly http = inject(HttpClient);
  private readonly session = signal<Session | null>(null);
  private refreshing: Promise<string | null> | null = null;

  readonly user = computed(() => this.session()?.user ?? null);
  readonly isLoggedIn = computed(() => this.session() !== null);

  accessToken(): string | null {
    return this.session()?.accessToken ?? null;
  }

  /** Called once at app start: the httpOnly refresh cookie, if any, brings the session back. */
  async restore(): Promise<void> {
    await this.refresh();
  }

  async login(request: LoginRequest): Promise<User> {
    return this.start(this.http.post<AuthResponse>(AUTH_API.login, request, { withCredentials: true }));
  }

  async signup(request: SignupRequest): Promise<User> {
    return this.start(this.http.post<AuthResponse>(AUTH_API.signup, request, { withCredentials: true }));
  }

  /**
   * Gets a new access token from the refresh cookie. Concurrent callers share one request;
   * resolves to null (and ends the session) when the cookie is missing, expired or revoked.
   */
  refresh(): Promise<string | null> {
    this.refreshing ??= this.refreshOnce().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>(AUTH_API.logout, {}, { withCredentials: true }));
    } catch {
      // The cookie may already be gone; the local session ends regardless.
    }
    this.session.set(null);
  }

  /** Drops the local session, e.g. when a refresh is refused mid-session. */
  clear(): void {
    this.session.set(null);
  }

  private async start(request: Observable<AuthResponse>): Promise<User> {
    const response = await firstValueFrom(request);
    this.session.set({ user: response.user, accessToken: response.accessToken });
    return response.user;
  }

  private async refreshOnce(): Promise<string | null> {
    const call = async () => {
      try {
        const response = await firstValueFrom(
          this.http.post<AuthResponse>(AUTH_API.refresh, {}, { withCredentials: true }),
        );
        this.session.set({ user: response.user, accessToken: response.accessToken });
        return response.accessToken;
      } catch (error) {
        // A refused cookie ends the session; a network blip mid-session does not.
        if (!(error instanceof HttpErrorResponse) || error.status !== 0 || !this.session()) {
          this.session.set(null);
        }
        return null;
      }
    };
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    return locks ? locks.request(REFRESH_LOCK, call) : call();
  }
}
