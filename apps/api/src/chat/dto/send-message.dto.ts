import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Limits, type EditMessageRequest, type SendMessagePayload, type SendMessageRequest } from '@parley/contract';
import { Transform } from 'class-transformer';
import { trim } from '../../common/trim';
import { IsNotEmpty, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';

export class SendMessageDto implements SendMessageRequest {
  @ApiProperty({ minLength: 1, maxLength: Limits.messageBodyMax, description: 'Plain text; trimmed before it is checked and stored' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(Limits.messageBodyMax, { message: `must be at most ${Limits.messageBodyMax} characters` })
  body!: string;

  @ApiProperty({ maxLength: Limits.clientMessageIdMax, description: 'Chosen by the sender (e.g. a UUID); makes retries safe' })
  @IsString()
  @Length(1, Limits.clientMessageIdMax, { message: `must be 1 to ${Limits.clientMessageIdMax} characters` })
  @Matches(Limits.clientMessageIdPattern, { message: 'may contain only letters, digits, _ and -' })
  clientMessageId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The message of this conversation that this one answers' })
  @IsOptional()
  @IsString()
  @IsUUID('all', { message: 'must be a message id (UUID)' })
  replyToId?: string;
}

/** `PATCH …/messages/:messageId`: the same body rules as sending. */
export class EditMessageDto implements EditMessageRequest {
  @ApiProperty({ minLength: 1, maxLength: Limits.messageBodyMax, description: 'Plain text; trimmed before it is checked and stored' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(Limits.messageBodyMax, { message: `must be at most ${Limits.messageBodyMax} characters` })
  body!: string;
}

/** The socket event carries the conversation in its payload. */
export class SendMessagePayloadDto extends SendMessageDto implements SendMessagePayload {
  @IsString()
  @IsUUID('all', { message: 'must be a conversation id (UUID)' })
  conversationId!: string;
}
