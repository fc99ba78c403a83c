import { ApiProperty } from '@nestjs/swagger';
import type { Conversation, Message, SyncResponse } from '@parley/contract';
import { ConversationDto } from './conversation.dto';
import { MessageDto } from './message.dto';

export class SyncResponseDto implements SyncResponse {
  @ApiProperty({ type: [MessageDto] }) messages!: Message[];
  @ApiProperty({ type: [ConversationDto] }) conversations!: Conversation[];
  @ApiProperty({ type: [String], description: 'Conversations you left or were removed from after the cursor' }) removedConversationIds!: string[];
  @ApiProperty({ description: 'Pass as `since` next time' }) cursor!: string;
  @ApiProperty() hasMore!: boolean;
}
