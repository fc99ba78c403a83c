import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Limits, type EditMessageRequest, type SendMessagePayload, type SendMessageRequest } from '@parley/contract';
import { Transform } from 'class-transformer';
import { trim } from '../../common/trim';
import { BODY_OR_ATTACHMENTS, checkSendMessagePayload, saysSomething } from './send-message.check';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

/** A message says something: a body, or files (then the body may be empty). */
@ValidatorConstraint({ name: 'bodyOrAttachments' })
class BodyOrAttachments implements ValidatorConstraintInterface {
  validate(body: unknown, args: ValidationArguments): boolean {
    return saysSomething(body, (args.object as { attachmentIds?: unknown }).attachmentIds);
  }

  defaultMessage(): string {
    return BODY_OR_ATTACHMENTS;
  }
}

export class SendMessageDto implements SendMessageRequest {
  @ApiProperty({ maxLength: Limits.messageBodyMax, description: 'Plain text; trimmed before it is checked and stored; may be empty only with attachmentIds' })
  @Transform(trim)
  @IsString()
  @Validate(BodyOrAttachments)
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

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: Limits.attachmentsPerMessageMax,
    description: 'Ids from POST /api/uploads: uploaded by the sender, not yet attached to any message; in the order to show',
  })
  @IsOptional()
  @IsArray({ message: 'must be an array of upload ids' })
  @ArrayMinSize(1, { message: 'must hold at least 1 upload id (leave it out for none)' })
  @ArrayMaxSize(Limits.attachmentsPerMessageMax, { message: `must hold at most ${Limits.attachmentsPerMessageMax} upload ids` })
  @ArrayUnique({ message: 'must not name an upload twice' })
  @IsUUID('all', { each: true, message: 'must hold upload ids (UUIDs)' })
  attachmentIds?: string[];
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

/**
 * The socket event carries the conversation in its payload. Every send goes through it, so the
 * validation pipe runs its hand-written check (`checkInput`) instead of these decorators.
 */
export class SendMessagePayloadDto extends SendMessageDto implements SendMessagePayload {
  static readonly checkInput = checkSendMessagePayload;

  @IsString()
  @IsUUID('all', { message: 'must be a conversation id (UUID)' })
  conversationId!: string;
}
