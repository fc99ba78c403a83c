import { type TypingPayload } from '@parley/contract';
import { IsBoolean, IsString, IsUUID } from 'class-validator';

export class TypingPayloadDto implements TypingPayload {
  @IsString()
  @IsUUID('all', { message: 'must be a conversation id (UUID)' })
  conversationId!: string;

  @IsBoolean({ message: 'must be true or false' })
  typing!: boolean;
}
