import { Injectable } from '@nestjs/common';
import {
  Rooms,
  SocketEvent,
  type ClientToServerEvents,
  type Conversation,
  type InterServerEvents,
  type Message,
  type ServerToClientEvents,
  type SocketData,
} from '@parley/contract';
import type { Server, Socket } from 'socket.io';

export type ParleyServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * Pushes events to users' rooms. The rooms live in the Socket.IO adapter (Redis when scaled out),
 * so this reaches every socket of every member on every process, and each event is encoded once.
 */
@Injectable()
export class RealtimePublisher {
  private server: ParleyServer | null = null;

  attach(server: ParleyServer): void {
    this.server = server;
  }

  messageNew(memberIds: readonly string[], message: Message): void {
    this.server?.to(memberIds.map(Rooms.user)).emit(SocketEvent.MessageNew, message);
  }

  conversationNew(conversation: Conversation): void {
    this.server?.to(conversation.members.map((m) => Rooms.user(m.id))).emit(SocketEvent.ConversationNew, conversation);
  }
}
