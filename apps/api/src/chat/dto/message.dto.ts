import { ApiProperty } from '@nestjs/swagger';
import type { Message, MessagePage } from '@parley/contract';

export class MessageDto implements Message {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'uuid' }) senderId!: string;
  @ApiProperty() body!: string;
  @ApiProperty() clientMessageId!: string;
  @ApiProperty({ description: '1, 2, 3… per conversation, in the order everyone sees' }) seq!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MessagePageDto implements MessagePage {
  @ApiProperty({ type: [MessageDto] }) items!: Message[];
  @ApiProperty() hasMore!: boolean;
}
