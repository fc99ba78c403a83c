import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MessageKind, SystemEventType, type Message, type MessagePage, type SystemEvent } from '@parley/contract';

export class SystemEventDto implements SystemEvent {
  @ApiProperty({ enum: Object.values(SystemEventType) }) type!: SystemEventType;
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiPropertyOptional({ type: [String] }) userIds?: string[];
  @ApiPropertyOptional() title?: string;
}

export class MessageDto implements Message {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'uuid' }) senderId!: string;
  @ApiProperty() body!: string;
  @ApiProperty() clientMessageId!: string;
  @ApiProperty({ description: '1, 2, 3… per conversation, in the order everyone sees' }) seq!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ enum: Object.values(MessageKind) }) kind!: MessageKind;
  @ApiPropertyOptional({ type: () => SystemEventDto, description: 'System messages only' }) system?: SystemEvent;
  @ApiProperty({ description: '1 when stored, +1 per later change: keep the higher' }) version!: number;
}

export class MessagePageDto implements MessagePage {
  @ApiProperty({ type: [MessageDto] }) items!: Message[];
  @ApiProperty() hasMore!: boolean;
}
