import { Logger, UseFilters, UsePipes } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { SocketEvent, type MarkReadAck, type SendMessageAck } from '@parley/contract';
import { SocketAuthenticator } from '../auth/socket-authenticator';
import { createValidationPipe } from '../common/validation.pipe';
import { WsExceptionsFilter } from '../common/ws-exception.filter';
import { MarkReadPayloadDto } from './dto/group-changes.dto';
import { SendMessagePayloadDto } from './dto/send-message.dto';
import { MessagesService } from './messages.service';
import { ReadStateService } from './read-state.service';
import { TypingService } from './typing/typing.service';
import { ConnectionHooks } from '../realtime/connection-hooks';
import { RealtimeServer } from '../realtime/realtime-server';
import type { ParleyServer, ParleySocket } from '../realtime/realtime.types';

/**
 * The socket face of the chat, and the Socket.IO server's entry: it installs the handshake and hands
 * every admitted socket to the realtime hooks (its user's room, presence, typing). It keeps no state
 * of its own: the adapter (in memory, or Redis across processes) knows who is where.
 */
@WebSocketGateway()
@UseFilters(WsExceptionsFilter)
@UsePipes(createValidationPipe())
export class ChatGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger('ChatGateway');

  constructor(
    private readonly authenticator: SocketAuthenticator,
    private readonly messages: MessagesService,
    private readonly realtime: RealtimeServer,
    private readonly hooks: ConnectionHooks,
    private readonly readState: ReadStateService,
    private readonly typing: TypingService,
  ) {}

  afterInit(server: ParleyServer): void {
    server.use(this.authenticator.middleware);
    this.realtime.attach(server);
  }

  async handleConnection(socket: ParleySocket): Promise<void> {
    await this.hooks.connected(socket);
    this.logger.debug({ socketId: socket.id, userId: socket.data.userId }, 'Socket connected');
  }

  @SubscribeMessage(SocketEvent.MessageSend)
  async send(@ConnectedSocket() socket: ParleySocket, @MessageBody() payload: SendMessagePayloadDto): Promise<SendMessageAck> {
    const { message } = await this.messages.send(socket.data.userId, payload.conversationId, payload);
    // Sent: whatever this tab was typing there is no longer being typed.
    void this.typing.end(socket, payload.conversationId);
    return { ok: true, message };
  }

  @SubscribeMessage(SocketEvent.ConversationRead)
  async markRead(@ConnectedSocket() socket: ParleySocket, @MessageBody() payload: MarkReadPayloadDto): Promise<MarkReadAck> {
    const { lastReadSeq } = await this.readState.markRead(socket.data.userId, payload.conversationId, payload.seq);
    return { ok: true, lastReadSeq };
  }
}
