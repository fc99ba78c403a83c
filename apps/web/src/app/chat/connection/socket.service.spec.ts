import { TestBed } from '@angular/core/testing';
import { signal } from '@angular/core';
import { ErrorCode, SOCKET_UNAUTHORIZED, SocketCloseReason, SocketEvent } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { aConversation, aMessage, aUser } from '../testing/chat-factories';
import { ParleySocket, RETRY_AFTER_REFUSAL_MS, SocketService } from './socket.service';

/** Just enough of a socket.io client socket to drive the service's handlers. */
class FakeSocket {
  readonly handlers = new Map<string, (...args: unknown[]) => void>();
  connected = false;
  /** socket.io's "will reconnect by itself": true after network errors, false after a middleware refusal. */
  active = true;
  connect = vi.fn();
  disconnect = vi.fn();
  removeAllListeners = vi.fn();
  authPayload: unknown;
  on(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.set(event, handler);
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    this.handlers.get(event)?.(...args);
  }
}

function setup(refreshResult: string | null) {
  const auth = { accessToken: vi.fn(() => 'token-1'), refresh: vi.fn(async () => refreshResult), isLoggedIn: vi.fn(() => false) };
  TestBed.configureTestingModule({ providers: [{ provide: AuthStore, useValue: auth }, SocketService] });
  const service = TestBed.inject(SocketService);
  const fake = new FakeSocket();
  service.connect((authFn) => {
    authFn((data) => (fake.authPayload = data));
    return fake as unknown as ParleySocket;
  });
  return { service, fake, auth };
}

describe('SocketService', () => {
  it('connects with the current access token and reports connects and reconnects', () => {
    const { service, fake } = setup(null);
    const events: boolean[] = [];
    service.connected$.subscribe(({ reconnect }) => events.push(reconnect));
    expect(fake.authPayload).toEqual({ token: 'token-1' });
    expect(service.state()).toBe('connecting');
    fake.fire('connect');
    expect(service.state()).toBe('connected');
    fake.fire('disconnect', 'transport close');
    expect(service.state()).toBe('reconnecting');
    fake.fire('connect');
    expect(events).toEqual([false, true]);
  });

  it('passes on the server\'s hint that live events were missed', () => {
    const { service, fake } = setup(null);
    const hints = vi.fn();
    service.syncNeeded$.subscribe(hints);
    fake.fire(SocketEvent.SyncNeeded);
    expect(hints).toHaveBeenCalledTimes(1);
  });

  it('passes on conversation updates and moved read markers', () => {
    const { service, fake } = setup(null);
    const updates = vi.fn();
    const markers = vi.fn();
    service.conversationUpdates$.subscribe(updates);
    service.readMarkers$.subscribe(markers);
    const conversation = aConversation('g1', [aUser('a'), aUser('b'), aUser('c')]);
    fake.fire(SocketEvent.ConversationUpdated, conversation);
    fake.fire(SocketEvent.ConversationRead, { conversationId: 'g1', userId: 'b', lastReadSeq: 4 });
    expect(updates).toHaveBeenCalledWith(conversation);
    expect(markers).toHaveBeenCalledWith({ conversationId: 'g1', userId: 'b', lastReadSeq: 4 });
  });

  it('passes on changed messages (message:updated) and changed profiles (user:updated)', () => {
    const { service, fake } = setup(null);
    const messages = vi.fn();
    const users = vi.fn();
    service.messageUpdates$.subscribe(messages);
    service.userUpdates$.subscribe(users);
    const edited = aMessage(2, { body: 'edited', version: 2, editedAt: '2026-01-01T12:05:00.000Z' });
    fake.fire(SocketEvent.MessageUpdated, edited);
    fake.fire(SocketEvent.UserUpdated, { user: aUser('b', { displayName: 'Bea' }) });
    expect(messages).toHaveBeenCalledWith(edited);
    expect(users).toHaveBeenCalledWith({ user: aUser('b', { displayName: 'Bea' }) });
  });

  it('moves my read marker with an acknowledged conversation:read, and refuses while not connected', async () => {
    const { service, fake } = setup(null);
    await expect(service.markRead({ conversationId: 'g1', seq: 3 })).rejects.toThrow('not connected');
    const emit = vi.fn((_event: string, _payload: unknown, ack: (error: Error | null, result: unknown) => void) => ack(null, { ok: true, lastReadSeq: 3 }));
    Object.assign(fake, { connected: true, timeout: () => ({ emit }) });
    await expect(service.markRead({ conversationId: 'g1', seq: 3 })).resolves.toEqual({ ok: true, lastReadSeq: 3 });
    expect(emit).toHaveBeenCalledWith(SocketEvent.ConversationRead, { conversationId: 'g1', seq: 3 }, expect.any(Function));
  });

  it('refreshes the token and reconnects when the handshake is refused as unauthorized', async () => {
    const { fake, auth } = setup('token-2');
    fake.fire('connect_error', new Error(SOCKET_UNAUTHORIZED));
    await vi.waitFor(() => expect(fake.connect).toHaveBeenCalledTimes(1));
    expect(auth.refresh).toHaveBeenCalledTimes(1);
  });

  it('forgets the refresh of a closed socket: the next connection may refresh once of its own', async () => {
    const { service, fake, auth } = setup('token-2');
    fake.fire('connect_error', new Error(SOCKET_UNAUTHORIZED));
    await vi.waitFor(() => expect(fake.connect).toHaveBeenCalledTimes(1));
    service.disconnect();
    const lost = vi.fn();
    service.sessionLost$.subscribe(lost);
    const next = new FakeSocket();
    service.connect(() => next as unknown as ParleySocket);
    next.fire('connect_error', new Error(SOCKET_UNAUTHORIZED));
    await vi.waitFor(() => expect(next.connect).toHaveBeenCalledTimes(1));
    expect(auth.refresh).toHaveBeenCalledTimes(2);
    expect(lost).not.toHaveBeenCalled();
  });

  it('gives up on the session when the refresh is refused', async () => {
    const { service, fake } = setup(null);
    const lost = vi.fn();
    service.sessionLost$.subscribe(lost);
    fake.fire('connect_error', new Error(SOCKET_UNAUTHORIZED));
    await vi.waitFor(() => expect(lost).toHaveBeenCalled());
    expect(fake.connect).not.toHaveBeenCalled();
  });

  it('reconnects later after a refusal other than unauthorized, which socket.io does not retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { fake, auth } = setup('token-2');
      fake.active = false;
      fake.fire('connect_error', new Error('server overloaded'));
      await vi.advanceTimersByTimeAsync(RETRY_AFTER_REFUSAL_MS - 1);
      expect(fake.connect).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(fake.connect).toHaveBeenCalledTimes(1);
      expect(auth.refresh).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves network errors to socket.io’s own reconnection', async () => {
    const { fake, auth } = setup('token-2');
    fake.fire('connect_error', new Error('xhr poll error'));
    await Promise.resolve();
    expect(auth.refresh).not.toHaveBeenCalled();
    expect(fake.connect).not.toHaveBeenCalled();
  });

  describe('hardening: closing reasons, rate limits, token renewal', () => {
    /** A fake socket that also answers emits: `answers` is called with each emit and returns the ack. */
    function withAcks(fake: FakeSocket, answers: (event: string, payload: unknown) => unknown) {
      const emitted: Array<{ event: string; payload: unknown }> = [];
      const timed = {
        emit: (event: string, payload: unknown, ack: (error: Error | null, answer: unknown) => void) => {
          emitted.push({ event, payload });
          queueMicrotask(() => ack(null, answers(event, payload)));
        },
      };
      Object.assign(fake, { timeout: () => timed });
      return emitted;
    }
    const payload = { conversationId: 'c', body: 'hi', clientMessageId: 'm1' };

    it('too_many_sockets: shows why, does not reconnect by itself, reconnects when asked', () => {
      const { service, fake } = setup(null);
      fake.fire('connect');
      fake.fire(SocketEvent.ConnectionClosing, { reason: SocketCloseReason.TooManySockets, message: 'Closed because this account opened too many connections' });
      fake.fire('disconnect', 'io server disconnect');
      expect(fake.connect).not.toHaveBeenCalled();
      expect(service.state()).toBe('offline');
      expect(service.notice()).toMatch(/too many connections/);
      service.reconnect();
      expect(fake.connect).toHaveBeenCalledTimes(1);
      expect(service.notice()).toBeNull();
    });

    it('session_ended: the session is lost (the app goes to the login page), no reconnect', () => {
      const { service, fake } = setup(null);
      const lost = vi.fn();
      service.sessionLost$.subscribe(lost);
      fake.fire('connect');
      fake.fire(SocketEvent.ConnectionClosing, { reason: SocketCloseReason.SessionEnded, message: 'You were logged out' });
      fake.fire('disconnect', 'io server disconnect');
      expect(lost).toHaveBeenCalledTimes(1);
      expect(fake.connect).not.toHaveBeenCalled();
    });

    it('token_expired: reconnects (the handshake then carries the current token)', () => {
      const { fake } = setup(null);
      fake.fire('connect');
      fake.fire(SocketEvent.ConnectionClosing, { reason: SocketCloseReason.TokenExpired, message: 'expired' });
      fake.fire('disconnect', 'io server disconnect');
      expect(fake.connect).toHaveBeenCalledTimes(1);
    });

    it('waits out RATE_LIMITED for retryAfterMs, shows it, and resends the same message', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        const { service, fake } = setup(null);
        fake.connected = true;
        let calls = 0;
        const emitted = withAcks(fake, () =>
          ++calls === 1 ? { ok: false, error: { code: ErrorCode.RateLimited, message: 'slow down', retryAfterMs: 1_500 } } : { ok: true, message: { id: 'x' } },
        );
        const sent = service.send(payload);
        await vi.advanceTimersByTimeAsync(1);
        expect(service.notice()).toMatch(/2 s/);
        await vi.advanceTimersByTimeAsync(1_498);
        expect(emitted).toHaveLength(1);
        await vi.advanceTimersByTimeAsync(2);
        await expect(sent).resolves.toMatchObject({ ok: true });
        expect(emitted.map((e) => e.payload)).toEqual([payload, payload]);
        expect(service.notice()).toBeNull();
      } finally {
        vi.useRealTimers();
      }
    });

    it('hands a renewed access token to the connected socket with auth:renew', async () => {
      let token = 'token-1';
      const tokenSignal = signal(token);
      const auth = { accessToken: () => tokenSignal(), refresh: vi.fn(async () => null), isLoggedIn: () => true };
      TestBed.configureTestingModule({ providers: [{ provide: AuthStore, useValue: auth }, SocketService] });
      const service = TestBed.inject(SocketService);
      const fake = new FakeSocket();
      const emitted = withAcks(fake, () => ({ ok: true }));
      service.connect((authFn) => {
        authFn(() => undefined);
        return fake as unknown as ParleySocket;
      });
      fake.connected = true;
      fake.fire('connect');
      token = 'token-2';
      tokenSignal.set(token);
      TestBed.tick();
      expect(emitted).toEqual([{ event: SocketEvent.AuthRenew, payload: { token: 'token-2' } }]);
      service.disconnect();
    });
  });
});
