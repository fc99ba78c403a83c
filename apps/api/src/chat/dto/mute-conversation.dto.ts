import { ApiProperty } from '@nestjs/swagger';
import type { MuteConversationRequest } from '@parley/contract';
import { IsBoolean } from 'class-validator';

export class MuteConversationDto implements MuteConversationRequest {
  @ApiProperty({ description: 'true: no notifications from it on any of my devices; false: as before' })
  @IsBoolean({ message: 'must be true or false' })
  muted!: boolean;
}
