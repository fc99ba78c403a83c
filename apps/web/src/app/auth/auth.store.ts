import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, OnDestroy, signal } from '@angular/core';
import { Router } from '@angular/router';
import { AuthResponse, ChangePasswordRequest, LoginRequest, SignupRequest, User } from '@parley/contract';
import { firstValueFrom, Observable } from 'rxjs';

export const AUTH_API = {
  signup: '/api/auth/signup',
  login: '/api/auth/login',
  refresh: '/api/auth/refresh',
  logout: '/api/auth/logout',
  password: '/api/auth/password',
} as const;

/** Set and cleared by the server with the (httpOnly) refresh cookie; not a secret, only "a session may be here". */
export const SESSION_HINT_COOKIE = 'parley_session';
export const hasSessionHint = (): boolean => typeof document !== 'undefined' && document.cookie.split(/;\s*/).includes(`${SESSION_HINT_COOKIE}=1`);

/** Serialises refreshes across tabs: a rotated refresh token replayed by a second tab would revoke the whole login. */
const REFRESH_LOCK = 'parley-auth-refresh';
/** Tabs of one browser tell each other about a logout over this channel, so that all of them end. */
export const AUTH_CHANNEL = 'parley-auth';
export interface AuthBroadcast {
  type: 'logout';
}
/** Backoff for `restore` while the server cannot answer (restarting behind a proxy: 502/503, or unreachable). */
export const RESTORE_RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000] as const;

/** Only the server refusing the cookie ends a session; 5xx, 429 and network errors are "try again later". */
const isRefusal = (error: unknown) => error instanceof HttpErrorResponse && (error.status === 401 || error.status === 403);

type RefreshOutcome = { token: string } | { refused: true } | { transient: true };

interface Session {
  user: User;
  /** In memory only: never written to storage, so a script on another page load cannot read it. */
  accessToken: string;
}

@Injectable({ providedIn: 'root' })
export class AuthStore implements OnDestroy {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly session = signal<Session | null>(null);
  private refreshing: Promise<RefreshOutcome> | null = null;
  /** From a logout's start (this tab's or another's) until the next login; see endedByLogout. */
  private loggedOut = false;
  private readonly channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(AUTH_CHANNEL);

  constructor() {
    // Another tab logged out: the refresh cookie is gone for this one too, so end here at once.
    this.channel?.addEventListener('message', (event: MessageEvent<AuthBroadcast>) => {
      if (event.data?.type !== 'logout' || !this.session()) return;
      this.loggedOut = true;
      this.session.set(null);
      void this.router.navigate(['/login']);
    });
  }

  ngOnDestroy(): void {
    this.channel?.close();
  }

  readonly user = computed(() => this.session()?.user ?? null);
  readonly isLoggedIn = computed(() => this.session() !== null);

  accessToken(): string | null {
    return this.session()?.accessToken ?? null;
  }

  /**
   * Whether the session ends, or ended, by a logout: the logout goes to the login page itself. Whoever
   * else notices the end (the socket the server closes, a request refused meanwhile) leaves it at that,
   * instead of racing it with `?returnUrl=` of the page being left.
   */
  endedByLogout(): boolean {
    return this.loggedOut;
  }

  /**
   * Called once at app start: the httpOnly refresh cookie, if any, brings the session back (only asked
   * for when the session hint says there may be one). A server that
   * is restarting (5xx) or unreachable is asked again a few times, so nobody is sent to log in for it.
   */
  async restore(): Promise<void> {
    // Signed out: asking would only be refused, and the browser logs every refused request as an error.
    if (!hasSessionHint()) return;
    for (const delay of [...RESTORE_RETRY_DELAYS_MS, null]) {
      const outcome = await this.refreshOutcome();
      if (!('transient' in outcome) || delay === null) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  async login(request: LoginRequest): Promise<User> {
    return this.start(this.http.post<AuthResponse>(AUTH_API.login, request, { withCredentials: true }));
  }

  async signup(request: SignupRequest): Promise<User> {
    return this.start(this.http.post<AuthResponse>(AUTH_API.signup, request, { withCredentials: true }));
  }

  /**
   * Gets a new access token from the refresh cookie. Concurrent callers share one request;
   * resolves to null when no token could be had: the session ends only if the cookie was refused (401/403).
   */
  refresh(): Promise<string | null> {
    return this.refreshOutcome().then((outcome) => ('token' in outcome ? outcome.token : null));
  }

  async logout(): Promise<void> {
    this.loggedOut = true;
    // A refresh still on its way would set the session again after we cleared it, and its rotated cookie
    // would outlive the logout: let it land first, so the logout revokes the newest cookie.
    if (this.refreshing) await this.refreshing.catch(() => undefined);
    try {
      await firstValueFrom(this.http.post<void>(AUTH_API.logout, {}, { withCredentials: true }));
    } catch {
      // The cookie may already be gone; the local session ends regardless.
    }
    this.session.set(null);
    this.channel?.postMessage({ type: 'logout' } satisfies AuthBroadcast);
  }

  /**
   * Changes the password; the server ends every other login of the account, this one stays. The auth
   * interceptor leaves /api/auth/ alone (a 401 there means "wrong password"), so the token is added here.
   */
  async changePassword(body: ChangePasswordRequest): Promise<void> {
    const token = this.accessToken();
    const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
    await firstValueFrom(this.http.post<void>(AUTH_API.password, body, { headers, withCredentials: true }));
  }

  /** My profile changed (saved here, or `user:updated` from another device): the name shows everywhere at once. */
  updateUser(user: User): void {
    const session = this.session();
    if (session && session.user.id === user.id) this.session.set({ ...session, user });
  }

  /** Drops the local session, e.g. when a refresh is refused mid-session. */
  clear(): void {
    this.session.set(null);
  }

  private async start(request: Observable<AuthResponse>): Promise<User> {
    const response = await firstValueFrom(request);
    this.loggedOut = false;
    this.session.set({ user: response.user, accessToken: response.accessToken });
    return response.user;
  }

  private refreshOutcome(): Promise<RefreshOutcome> {
    this.refreshing ??= this.refreshOnce().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async refreshOnce(): Promise<RefreshOutcome> {
    const call = async (): Promise<RefreshOutcome> => {
      try {
        const response = await firstValueFrom(
          this.http.post<AuthResponse>(AUTH_API.refresh, {}, { withCredentials: true }),
        );
        this.session.set({ user: response.user, accessToken: response.accessToken });
        return { token: response.accessToken };
      } catch (error) {
        // A refused cookie ends the session; a network blip or a server restart (5xx) does not.
        if (!isRefusal(error)) return { transient: true };
        this.session.set(null);
        return { refused: true };
      }
    };
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    return locks ? locks.request(REFRESH_LOCK, call) : call();
  }
}
