import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Limits, type CreateConversationRequest } from '@parley/contract';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID, ValidateIf } from 'class-validator';
import { trim } from '../../common/trim';
import { GroupTitle } from './group-title';

export class CreateConversationDto implements CreateConversationRequest {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: `Direct: exactly the other user's id. Group: ${Limits.groupMembersMin - 1} to ${Limits.groupMembersMax - 1} other users' ids`,
  })
  @IsArray()
  @ArrayMinSize(1, { message: "must contain the other user's id" })
  @ArrayMaxSize(Limits.groupMembersMax - 1, { message: `must contain at most ${Limits.groupMembersMax - 1} user ids (a group has at most ${Limits.groupMembersMax} members)` })
  @ArrayUnique({ message: 'must not contain the same user twice' })
  @IsUUID('all', { each: true, message: 'must contain user ids (UUIDs)' })
  memberIds!: string[];

  @ApiPropertyOptional({ minLength: 1, maxLength: Limits.groupTitleMax, description: 'Required for a group; none for a direct conversation' })
  // Absent means a direct conversation; null is not absent (IsOptional would let it through untested).
  @ValidateIf((dto: CreateConversationDto) => dto.title !== undefined)
  @Transform(trim)
  @GroupTitle()
  title?: string;
}
