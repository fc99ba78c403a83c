import { UseFilters, UsePipes } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { SocketEvent } from '@parley/contract';
import { createValidationPipe } from '../../common/validation.pipe';
import { WsExceptionsFilter } from '../../common/ws-exception.filter';
import type { ParleySocket } from '../../realtime/realtime.types';
import { TypingPayloadDto } from './typing.dto';
import { TypingService } from './typing.service';

/** `typing` has no ack: a bad payload fails validation and is dropped (the filter answers only acks). */
@WebSocketGateway()
@UseFilters(WsExceptionsFilter)
@UsePipes(createValidationPipe())
export class TypingGateway {
  constructor(private readonly typing: TypingService) {}

  @SubscribeMessage(SocketEvent.Typing)
  async typingChanged(@ConnectedSocket() socket: ParleySocket, @MessageBody() payload: TypingPayloadDto): Promise<void> {
    await this.typing.receive(socket, payload);
  }
}
