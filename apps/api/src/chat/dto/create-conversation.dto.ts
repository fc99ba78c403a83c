import { ApiProperty } from '@nestjs/swagger';
import type { CreateConversationRequest } from '@parley/contract';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';

export class CreateConversationDto implements CreateConversationRequest {
  @ApiProperty({ type: [String], format: 'uuid', description: "Exactly one id: the other user's (groups come later)" })
  @IsArray()
  @ArrayMinSize(1, { message: "must contain the other user's id" })
  @ArrayMaxSize(1, { message: 'must contain exactly one user id (group conversations are not supported yet)' })
  @IsUUID('all', { each: true, message: 'must contain user ids (UUIDs)' })
  memberIds!: string[];
}
