import { Injectable } from '@nestjs/common';
import { Rooms, SocketCloseReason, SocketEvent, type ConnectionClosing, type ServerToClientEvents, type SocketData } from '@parley/contract';
import type { RemoteSocket } from 'socket.io';
import type { ParleyServer, ParleySocket } from '../realtime/realtime.types';

const MESSAGES: Record<SocketCloseReason, string> = {
  [SocketCloseReason.SessionEnded]: 'You were logged out',
  [SocketCloseReason.TokenExpired]: 'Your access token expired; reconnect with a renewed one',
  [SocketCloseReason.TooManySockets]: 'Closed because this account opened too many connections',
};

export function closingNotice(reason: SocketCloseReason): ConnectionClosing {
  return { reason, message: MESSAGES[reason] };
}

/**
 * Ends the sockets of a login on every process: each socket is in `session:<id>`, and the adapter
 * (Redis when scaled out) carries the notice and the disconnect to wherever those sockets are.
 */
@Injectable()
export class SessionSockets {
  private server: ParleyServer | null = null;

  /** Called by the realtime adapter once the Socket.IO server exists. */
  attach(server: ParleyServer): void {
    this.server = server;
  }

  closeSessions(sessionIds: readonly string[], reason: SocketCloseReason = SocketCloseReason.SessionEnded): void {
    if (!this.server || sessionIds.length === 0) return;
    const rooms = sessionIds.map(Rooms.session);
    this.server.to(rooms).emit(SocketEvent.ConnectionClosing, closingNotice(reason));
    this.server.in(rooms).disconnectSockets(true);
  }
}

/** Tells one socket why, then closes it (the notice is flushed before the transport closes). */
export function closeSocket(socket: ParleySocket | RemoteSocket<ServerToClientEvents, SocketData>, reason: SocketCloseReason): void {
  socket.emit(SocketEvent.ConnectionClosing, closingNotice(reason));
  socket.disconnect(true);
}
