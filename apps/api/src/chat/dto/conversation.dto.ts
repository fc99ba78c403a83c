import { ApiProperty } from '@nestjs/swagger';
import { ConversationKind, type Conversation, type Message, type Page, type ReadState, type User } from '@parley/contract';
import { UserDto } from '../../users/dto/user.dto';
import { MessageDto } from './message.dto';

export class ReadStateDto implements ReadState {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() lastReadSeq!: number;
}

export class ConversationDto implements Conversation {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: Object.values(ConversationKind) }) kind!: ConversationKind;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: [UserDto] }) members!: User[];
  @ApiProperty({ type: MessageDto, nullable: true }) lastMessage!: Message | null;
  @ApiProperty() lastSeq!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ description: "Messages after the caller's read marker (always others')" }) unreadCount!: number;
  @ApiProperty({ type: [ReadStateDto] }) readState!: ReadState[];
  @ApiProperty({ description: 'The caller muted it (their own setting, the same on all their devices)' }) muted!: boolean;
}

export class ConversationPageDto implements Page<Conversation> {
  @ApiProperty({ type: [ConversationDto] }) items!: Conversation[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
