import { SocketEvent, type TypingEvent } from '@parley/contract';
import { readRedisConfig } from '../config/redis.config';
import { RealtimeServer } from './realtime-server';
import type { ParleyServer } from './realtime.types';

/** A stand-in for the Socket.IO server that records each emit and the rooms it went to. */
function recordingServer() {
  const emits: Array<{ rooms: string[]; event: string }> = [];
  const server = { to: (rooms: string[]) => ({ emit: (event: string) => emits.push({ rooms, event }) }) };
  return { emits, server: server as unknown as ParleyServer };
}

const typing: TypingEvent = { conversationId: 'c1', userId: 'u0', typing: true };

describe('RealtimeServer.emit', () => {
  it('classic adapter: one emit to every room at once (encoded once, one PUBLISH)', () => {
    const realtime = new RealtimeServer(readRedisConfig({ REDIS_URL: 'redis://h:6379' }));
    const { emits, server } = recordingServer();
    realtime.attach(server);
    realtime.emit(['user:a', 'user:b'], SocketEvent.Typing, typing);
    expect(emits).toEqual([{ rooms: ['user:a', 'user:b'], event: SocketEvent.Typing }]);
  });

  it('sharded adapter: one emit per room, so each goes on that room\'s own channel', () => {
    const realtime = new RealtimeServer(readRedisConfig({ REDIS_URL: 'redis://h:6379', REDIS_ADAPTER: 'sharded' }));
    const { emits, server } = recordingServer();
    realtime.attach(server);
    realtime.emit(['user:a', 'user:b'], SocketEvent.Typing, typing);
    expect(emits).toEqual([
      { rooms: ['user:a'], event: SocketEvent.Typing },
      { rooms: ['user:b'], event: SocketEvent.Typing },
    ]);
  });

  it('emits nothing to no room, or before the server exists', () => {
    const realtime = new RealtimeServer(readRedisConfig({}));
    realtime.emit(['user:a'], SocketEvent.Typing, typing);
    const { emits, server } = recordingServer();
    realtime.attach(server);
    realtime.emit([], SocketEvent.Typing, typing);
    expect(emits).toEqual([]);
  });
});
