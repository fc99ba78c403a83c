import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AttachmentKind, MessageKind, SystemEventType, type Attachment, type Message, type MessagePage, type Reaction, type ReplyPreview, type SystemEvent } from '@parley/contract';

export class ReplyPreviewDto implements ReplyPreview {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ format: 'uuid' }) senderId!: string;
  @ApiProperty({ description: 'At most 200 characters; "" when deleted' }) body!: string;
  @ApiProperty() deleted!: boolean;
}

export class ReactionDto implements Reaction {
  @ApiProperty({ example: '👍' }) emoji!: string;
  @ApiProperty({ type: [String], description: 'In the order they reacted' }) userIds!: string[];
}

export class SystemEventDto implements SystemEvent {
  @ApiProperty({ enum: Object.values(SystemEventType) }) type!: SystemEventType;
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiPropertyOptional({ type: [String] }) userIds?: string[];
  @ApiPropertyOptional() title?: string;
}

export class AttachmentDto implements Attachment {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Sanitised: no path, no control characters' }) name!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty({ description: 'Detected from the bytes', example: 'image/png' }) contentType!: string;
  @ApiProperty({ enum: Object.values(AttachmentKind) }) kind!: AttachmentKind;
  @ApiPropertyOptional({ description: 'Images only' }) width?: number;
  @ApiPropertyOptional({ description: 'Images only' }) height?: number;
  @ApiProperty({ description: 'A short-lived signed link' }) url!: string;
  @ApiPropertyOptional({ description: 'Images only: a short-lived signed link to the thumbnail' }) thumbnailUrl?: string;
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
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) editedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'A tombstone: body "", no reactions, no reply preview' })
  deletedAt!: string | null;
  @ApiProperty({ type: () => ReplyPreviewDto, nullable: true }) replyTo!: ReplyPreview | null;
  @ApiProperty({ type: () => [ReactionDto], description: 'In the order each emoji was first used' }) reactions!: Reaction[];
  @ApiProperty({ type: () => [AttachmentDto], description: 'In the order sent; [] for none and for a tombstone' }) attachments!: Attachment[];
}

export class MessagePageDto implements MessagePage {
  @ApiProperty({ type: [MessageDto] }) items!: Message[];
  @ApiProperty() hasMore!: boolean;
}
