import { Injectable } from '@nestjs/common';
import { Rooms, SocketEvent, type Conversation, type Message, type ReadMarker, type User } from '@parley/contract';
import { RealtimeServer } from '../realtime/realtime-server';
import type { ParleyServer } from '../realtime/realtime.types';
import { forViewer } from './chat.mappers';

/**
 * Pushes events to users' rooms. The rooms live in the Socket.IO adapter (Redis when scaled out),
 * so this reaches every socket of every recipient on every process. Recipients are always the member
 * list read under the conversation's lock by the write that caused the event, never a cache.
 */
@Injectable()
export class RealtimePublisher {
  constructor(private readonly realtime: RealtimeServer) {}

  private get server(): ParleyServer | null {
    return this.realtime.current;
  }

  /** Encoded once for all recipients (once per recipient with the sharded adapter): a message looks the same to everyone. */
  messageNew(recipients: readonly string[], message: Message): void {
    this.realtime.emit(recipients.map(Rooms.user), SocketEvent.MessageNew, message);
  }

  /** A message's new state (edited, deleted, reacted to, its reply preview changed). */
  messageUpdated(recipients: readonly string[], message: Message): void {
    this.realtime.emit(recipients.map(Rooms.user), SocketEvent.MessageUpdated, message);
  }

  userUpdated(recipients: readonly string[], user: User): void {
    this.realtime.emit(recipients.map(Rooms.user), SocketEvent.UserUpdated, { user });
  }

  markerMoved(recipients: readonly string[], marker: ReadMarker): void {
    this.realtime.emit(recipients.map(Rooms.user), SocketEvent.ConversationRead, marker);
  }

  /** Per recipient, since each one's unread count differs. */
  conversationNew(recipients: readonly string[], conversation: Conversation): void {
    for (const userId of recipients) this.server?.to(Rooms.user(userId)).emit(SocketEvent.ConversationNew, forViewer(conversation, userId));
  }

  conversationUpdated(recipients: readonly string[], conversation: Conversation): void {
    for (const userId of recipients) this.server?.to(Rooms.user(userId)).emit(SocketEvent.ConversationUpdated, forViewer(conversation, userId));
  }
}
