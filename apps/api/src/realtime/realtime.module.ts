import { Global, Module } from '@nestjs/common';
import { ConnectionHooks } from './connection-hooks';
import { RealtimeServer } from './realtime-server';
import { SocketThrottle } from './socket-throttle';
import { WriteBacklog } from './write-backlog';

/**
 * The socket side's home: the typed server (RealtimeServer), the connection and disconnection hooks
 * the features register with, per-socket throttling, and the write backlog the socket guard reads.
 * Global, so users/ (presence) and chat/ (typing, pushes) use the same instances without importing
 * each other.
 */
@Global()
@Module({
  providers: [RealtimeServer, ConnectionHooks, SocketThrottle, WriteBacklog],
  exports: [RealtimeServer, ConnectionHooks, SocketThrottle, WriteBacklog],
})
export class RealtimeModule {}
