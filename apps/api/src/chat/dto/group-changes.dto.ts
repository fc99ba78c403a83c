import { ApiProperty } from '@nestjs/swagger';
import { Limits, type AddMembersRequest, type MarkReadPayload, type MarkReadRequest, type ReadMarker, type RenameConversationRequest } from '@parley/contract';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, IsString, IsUUID, Max, Min } from 'class-validator';
import { trim } from '../../common/trim';
import { GroupTitle } from './group-title';

const MAX_SEQ = 2_147_483_647;

export class RenameConversationDto implements RenameConversationRequest {
  @ApiProperty({ minLength: 1, maxLength: Limits.groupTitleMax })
  @Transform(trim)
  @GroupTitle()
  title!: string;
}

export class AddMembersDto implements AddMembersRequest {
  @ApiProperty({ type: [String], format: 'uuid', description: 'People to add; those already in the group are ignored' })
  @IsArray()
  @ArrayMinSize(1, { message: 'must contain at least one user id' })
  @ArrayMaxSize(Limits.groupMembersMax, { message: `must contain at most ${Limits.groupMembersMax} user ids` })
  @ArrayUnique({ message: 'must not contain the same user twice' })
  @IsUUID('all', { each: true, message: 'must contain user ids (UUIDs)' })
  userIds!: string[];
}

export class MarkReadDto implements MarkReadRequest {
  @ApiProperty({ minimum: 0, description: 'The highest seq read; a lower one than the current marker is accepted and ignored' })
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(MAX_SEQ)
  seq!: number;
}

export class MarkReadPayloadDto extends MarkReadDto implements MarkReadPayload {
  @IsString()
  @IsUUID('all', { message: 'must be a conversation id (UUID)' })
  conversationId!: string;
}

export class ReadMarkerDto implements ReadMarker {
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() lastReadSeq!: number;
}
