import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Presence, SocketEvent, TypingEvent } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { ParleySocket, SocketService } from './socket.service';

/** A socket.io client socket with the handlers, emits and acks these v2 events need. */
function setup() {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  const emit = vi.fn();
  const ackEmit = vi.fn((_event: string, payload: { userIds: string[] }, ack: (error: Error | null, result: unknown) => void) =>
    ack(null, { ok: true, presence: payload.userIds.map((userId) => ({ userId, online: true, lastSeenAt: null, status: 'active' })) }),
  );
  const fake = {
    connected: false,
    on: (event: string, handler: (...args: unknown[]) => void) => handlers.set(event, handler),
    emit,
    timeout: () => ({ emit: ackEmit }),
    connect: vi.fn(),
    disconnect: vi.fn(),
    removeAllListeners: vi.fn(),
  };
  TestBed.configureTestingModule({ providers: [{ provide: AuthStore, useValue: { accessToken: signal('token'), refresh: vi.fn() } }, SocketService] });
  const service = TestBed.inject(SocketService);
  service.connect((auth) => {
    auth(() => undefined);
    return fake as unknown as ParleySocket;
  });
  return { service, fake, emit, ackEmit, fire: (event: string, ...args: unknown[]) => handlers.get(event)?.(...args) };
}

describe('SocketService, v2 presence and typing', () => {
  it('passes presence and typing pushes on', () => {
    const { service, fire } = setup();
    const presence: Presence[] = [];
    const typing: TypingEvent[] = [];
    service.presence$.subscribe((p) => presence.push(p));
    service.typing$.subscribe((t) => typing.push(t));
    fire(SocketEvent.Presence, { userId: 'bob', online: false, lastSeenAt: '2026-01-01T00:00:00.000Z' });
    fire(SocketEvent.Typing, { conversationId: 'c1', userId: 'bob', typing: true });
    expect(presence).toEqual([{ userId: 'bob', online: false, lastSeenAt: '2026-01-01T00:00:00.000Z' }]);
    expect(typing).toEqual([{ conversationId: 'c1', userId: 'bob', typing: true }]);
  });

  it('subscribes with an ack, and refuses while not connected', async () => {
    const { service, fake, ackEmit } = setup();
    await expect(service.subscribePresence(['bob'])).rejects.toThrow('not connected');
    fake.connected = true;
    await expect(service.subscribePresence(['bob'])).resolves.toEqual({ ok: true, presence: [{ userId: 'bob', online: true, lastSeenAt: null, status: 'active' }] });
    expect(ackEmit).toHaveBeenCalledWith(SocketEvent.PresenceSubscribe, { userIds: ['bob'] }, expect.any(Function));
  });

  it('drops status and typing while disconnected instead of replaying them stale later', () => {
    const { service, fake, emit } = setup();
    service.setPresenceStatus('away');
    service.sendTyping({ conversationId: 'c1', typing: true });
    expect(emit).not.toHaveBeenCalled();
    fake.connected = true;
    service.setPresenceStatus('away');
    service.sendTyping({ conversationId: 'c1', typing: false });
    expect(emit.mock.calls).toEqual([
      [SocketEvent.PresenceStatus, { status: 'away' }],
      [SocketEvent.Typing, { conversationId: 'c1', typing: false }],
    ]);
  });
});
