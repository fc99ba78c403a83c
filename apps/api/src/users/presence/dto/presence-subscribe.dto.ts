import { ApiProperty } from '@nestjs/swagger';
import { Limits, PresenceStatus, type PresenceStatusPayload, type PresenceSubscribePayload } from '@parley/contract';
import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';

/** A user id is a UUID; anything longer cannot name anyone and is refused rather than joined as a room. */
const USER_ID_MAX = 64;

export class PresenceSubscribeDto implements PresenceSubscribePayload {
  @ApiProperty({ type: [String], maxItems: Limits.presenceSubscribeMax, description: 'Replaces the previous list; unknown ids are answered as offline' })
  @IsArray({ message: 'must be an array of user ids' })
  @ArrayMaxSize(Limits.presenceSubscribeMax, { message: `must contain at most ${Limits.presenceSubscribeMax} user ids` })
  @IsString({ each: true, message: 'must contain user ids (strings)' })
  @MaxLength(USER_ID_MAX, { each: true, message: `must contain user ids of at most ${USER_ID_MAX} characters` })
  userIds!: string[];
}

export class PresenceStatusDto implements PresenceStatusPayload {
  @ApiProperty({ enum: Object.values(PresenceStatus) })
  @IsIn(Object.values(PresenceStatus), { message: `must be one of ${Object.values(PresenceStatus).join(', ')}` })
  status!: PresenceStatus;
}
