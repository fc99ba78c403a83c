import { Global, Module } from '@nestjs/common';
import { ConnectionHooks } from './connection-hooks';
import { RealtimeServer } from './realtime-server';
import { SocketThrottle } from './socket-throttle';

/**
 * The socket side's home: the typed server (RealtimeServer), the connection and disconnection hooks
 * the features register with, and per-socket throttling. Global, so users/ (presence) and chat/
 * (typing, pushes) use the same instances without importing each other.
 */
@Global()
@Module({
  providers: [RealtimeServer, ConnectionHooks, SocketThrottle],
  exports: [RealtimeServer, ConnectionHooks, SocketThrottle],
})
export class RealtimeModule {}
