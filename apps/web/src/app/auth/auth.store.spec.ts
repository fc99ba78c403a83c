import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { Component } from '@angular/core';

@Component({ template: '' })
class Blank {}
import { AuthResponse, ErrorCode, User } from '@parley/contract';
import { firstValueFrom } from 'rxjs';
import { authInterceptor } from './auth.interceptor';
import { AUTH_API, AUTH_CHANNEL, AuthStore, RESTORE_RETRY_DELAYS_MS, SESSION_HINT_COOKIE } from './auth.store';

const aUser = (overrides: Partial<User> = {}): User => ({
  id: '6f1c2b1e-0000-4000-8000-000000000001',
  username: 'alice',
  displayName: 'Alice',
  createdAt: '2026-01-01T00:00:00.000Z',
  online: false,
  lastSeenAt: null,
  ...overrides,
});
const anAuthResponse = (token: string): AuthResponse => ({ accessToken: token, user: aUser() });
const unauthorized = { status: 401, statusText: 'Unauthorized' };
const badGateway = { status: 502, statusText: 'Bad Gateway' };
const unavailable = { status: 503, statusText: 'Service Unavailable' };
const errorBody = (code: ErrorCode) => ({ statusCode: 401, error: 'Unauthorized', message: 'no', code });

describe('AuthStore and the auth interceptor', () => {
  let store: AuthStore;
  let http: HttpTestingController;
  let client: HttpClient;

  beforeEach(() => {
    // What the server sets beside the refresh cookie; the test without it clears it.
    document.cookie = `${SESSION_HINT_COOKIE}=1; path=/`;
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: 'login', component: Blank }]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    store = TestBed.inject(AuthStore);
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
  });

  afterEach(() => {
    http.verify();
    document.cookie = `${SESSION_HINT_COOKIE}=; path=/; max-age=0`;
  });

  it('does not ask for a refresh on start without the session hint (a signed-out visit stays free of 401s)', async () => {
    document.cookie = `${SESSION_HINT_COOKIE}=; path=/; max-age=0`;
    await store.restore();
    http.expectNone(AUTH_API.refresh);
    expect(store.isLoggedIn()).toBe(false);
  });

  it('restores the session from the refresh cookie on start', async () => {
    const restoring = store.restore();
    const request = http.expectOne(AUTH_API.refresh);
    expect(request.request.method).toBe('POST');
    expect(request.request.withCredentials).toBe(true);
    request.flush(anAuthResponse('t1'));
    await restoring;
    expect(store.isLoggedIn()).toBe(true);
    expect(store.user()?.username).toBe('alice');
    expect(store.accessToken()).toBe('t1');
  });

  it('stays logged out when there is no refresh cookie', async () => {
    const restoring = store.restore();
    http.expectOne(AUTH_API.refresh).flush(errorBody(ErrorCode.Unauthenticated), unauthorized);
    await restoring;
    expect(store.isLoggedIn()).toBe(false);
  });

  it('shares one refresh between concurrent callers, so a rotated token is never replayed', async () => {
    const first = store.refresh();
    const second = store.refresh();
    http.expectOne(AUTH_API.refresh).flush(anAuthResponse('t2'));
    expect(await first).toBe('t2');
    expect(await second).toBe('t2');
  });

  it('rejects a wrong password without starting a session', async () => {
    const login = store.login({ username: 'alice', password: 'wrong-password' });
    http.expectOne(AUTH_API.login).flush(errorBody(ErrorCode.InvalidCredentials), unauthorized);
    await expect(login).rejects.toMatchObject({ status: 401 });
    expect(store.isLoggedIn()).toBe(false);
  });

  it('adds the bearer token to API calls', async () => {
    const login = store.login({ username: 'alice', password: 'correct-horse' });
    http.expectOne(AUTH_API.login).flush(anAuthResponse('t3'));
    await login;
    const call = firstValueFrom(client.get('/api/users/me'));
    const request = http.expectOne('/api/users/me');
    expect(request.request.headers.get('Authorization')).toBe('Bearer t3');
    request.flush(aUser());
    await expect(call).resolves.toMatchObject({ username: 'alice' });
  });

  it('refreshes once on a 401 and retries the call with the new token', async () => {
    const login = store.login({ username: 'alice', password: 'correct-horse' });
    http.expectOne(AUTH_API.login).flush(anAuthResponse('expired'));
    await login;
    const call = firstValueFrom(client.get('/api/users/me'));
    http.expectOne('/api/users/me').flush(errorBody(ErrorCode.Unauthenticated), unauthorized);
    await Promise.resolve();
    http.expectOne(AUTH_API.refresh).flush(anAuthResponse('fresh'));
    await vi.waitFor(() => http.expectOne((r) => r.url === '/api/users/me' && r.headers.get('Authorization') === 'Bearer fresh').flush(aUser()));
    await expect(call).resolves.toMatchObject({ id: aUser().id });
  });

  it('retries a 401 with the token renewed meanwhile by a concurrent refresh, without refreshing again', async () => {
    const login = store.login({ username: 'alice', password: 'correct-horse' });
    http.expectOne(AUTH_API.login).flush(anAuthResponse('expired'));
    await login;
    const call = firstValueFrom(client.get('/api/users/me'));
    const sent = http.expectOne('/api/users/me');
    const renewing = store.refresh();
    http.expectOne(AUTH_API.refresh).flush(anAuthResponse('fresh'));
    await renewing;
    sent.flush(errorBody(ErrorCode.Unauthenticated), unauthorized);
    await vi.waitFor(() => http.expectOne((r) => r.url === '/api/users/me' && r.headers.get('Authorization') === 'Bearer fresh').flush(aUser()));
    await expect(call).resolves.toMatchObject({ id: aUser().id });
    http.expectNone(AUTH_API.refresh);
  });

  it('lets an in-flight refresh land before logging out, so it cannot bring the session back', async () => {
    const login = store.login({ username: 'alice', password: 'correct-horse' });
    http.expectOne(AUTH_API.login).flush(anAuthResponse('t6'));
    await login;
    const renewing = store.refresh();
    const logout = store.logout();
    await Promise.resolve();
    http.expectNone(AUTH_API.logout);
    http.expectOne(AUTH_API.refresh).flush(anAuthResponse('t7'));
    await renewing;
    await vi.waitFor(() => http.expectOne(AUTH_API.logout).flush(null, { status: 204, statusText: 'No Content' }));
    await logout;
    expect(store.isLoggedIn()).toBe(false);
  });

  it('gives up and ends the session when the refresh is refused', async () => {
    const login = store.login({ username: 'alice', password: 'correct-horse' });
    http.expectOne(AUTH_API.login).flush(anAuthResponse('expired'));
    await login;
    const call = firstValueFrom(client.get('/api/conversations'));
    http.expectOne('/api/conversations').flush(errorBody(ErrorCode.Unauthenticated), unauthorized);
    await vi.waitFor(() => http.expectOne(AUTH_API.refresh).flush(errorBody(ErrorCode.Unauthenticated), unauthorized));
    await expect(call).rejects.toMatchObject({ status: 401 });
    expect(store.isLoggedIn()).toBe(false);
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2F'));
  });

  it('keeps the session when a refresh meets a server restart (502/503), and the call fails without a trip to login', async () => {
    const login = store.login({ username: 'alice', password: 'correct-horse' });
    http.expectOne(AUTH_API.login).flush(anAuthResponse('expired'));
    await login;
    const call = firstValueFrom(client.get('/api/conversations'));
    http.expectOne('/api/conversations').flush(errorBody(ErrorCode.Unauthenticated), unauthorized);
    await vi.waitFor(() => http.expectOne(AUTH_API.refresh).flush(null, badGateway));
    await expect(call).rejects.toMatchObject({ status: 401 });
    expect(store.isLoggedIn()).toBe(true);
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('retries restoring on start while the server answers 5xx, instead of treating it as logged out', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const restoring = store.restore();
      http.expectOne(AUTH_API.refresh).flush(null, unavailable);
      await vi.advanceTimersByTimeAsync(RESTORE_RETRY_DELAYS_MS[0]);
      http.expectOne(AUTH_API.refresh).flush(null, badGateway);
      await vi.advanceTimersByTimeAsync(RESTORE_RETRY_DELAYS_MS[1]);
      http.expectOne(AUTH_API.refresh).flush(anAuthResponse('t5'));
      await restoring;
      expect(store.isLoggedIn()).toBe(true);
      expect(store.accessToken()).toBe('t5');
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs out locally even if the server call fails', async () => {
    const login = store.login({ username: 'alice', password: 'correct-horse' });
    http.expectOne(AUTH_API.login).flush(anAuthResponse('t4'));
    await login;
    const logout = store.logout();
    http.expectOne(AUTH_API.logout).flush(null, { status: 500, statusText: 'Server Error' });
    await logout;
    expect(store.isLoggedIn()).toBe(false);
  });

  it('says the session ended by a logout from the logout\'s start until the next login, so nobody else redirects', async () => {
    const login = store.login({ username: 'alice', password: 'pw-12345678' });
    http.expectOne(AUTH_API.login).flush(anAuthResponse('t1'));
    await login;
    expect(store.endedByLogout()).toBe(false);
    const logout = store.logout();
    // The server closes this session's sockets before its answer may arrive: already a logout.
    expect(store.endedByLogout()).toBe(true);
    http.expectOne(AUTH_API.logout).flush(null);
    await logout;
    expect(store.endedByLogout()).toBe(true);
    const again = store.login({ username: 'alice', password: 'pw-12345678' });
    http.expectOne(AUTH_API.login).flush(anAuthResponse('t2'));
    await again;
    expect(store.endedByLogout()).toBe(false);
  });

  it('logging out tells the other tabs, and a tab told so ends its session and goes to the login page', async () => {
    const otherTab = new BroadcastChannel(AUTH_CHANNEL);
    const heard: unknown[] = [];
    otherTab.onmessage = (event) => heard.push(event.data);
    const login = store.login({ username: 'alice', password: 'pw-12345678' });
    http.expectOne(AUTH_API.login).flush(anAuthResponse('t1'));
    await login;
    const logout = store.logout();
    http.expectOne(AUTH_API.logout).flush(null);
    await logout;
    await vi.waitFor(() => expect(heard).toEqual([{ type: 'logout' }]));

    const again = store.login({ username: 'alice', password: 'pw-12345678' });
    http.expectOne(AUTH_API.login).flush(anAuthResponse('t2'));
    await again;
    expect(store.isLoggedIn()).toBe(true);
    otherTab.postMessage({ type: 'logout' });
    await vi.waitFor(() => expect(store.isLoggedIn()).toBe(false));
    expect(store.endedByLogout()).toBe(true);
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/login'));
    otherTab.close();
  });
});
