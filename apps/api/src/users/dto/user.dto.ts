import { ApiProperty } from '@nestjs/swagger';
import { PresenceStatus, type Page, type User } from '@parley/contract';

/** OpenAPI shapes of the contract's User and Page<User>. */
export class UserDto implements User {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'alice' }) username!: string;
  @ApiProperty({ example: 'Alice' }) displayName!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'At least one socket of theirs is connected (to any API process)' }) online!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When their last socket went away; null while online and for someone never seen' })
  lastSeenAt!: string | null;
  @ApiProperty({ enum: Object.values(PresenceStatus), required: false, description: 'Only while online: away when every tab of theirs is idle' })
  status?: PresenceStatus;
}

export class UserPageDto implements Page<User> {
  @ApiProperty({ type: [UserDto] }) items!: User[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
