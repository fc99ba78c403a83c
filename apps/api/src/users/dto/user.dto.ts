import { ApiProperty } from '@nestjs/swagger';
import type { Page, User } from '@parley/contract';

/** OpenAPI shapes of the contract's User and Page<User>. */
export class UserDto implements User {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'alice' }) username!: string;
  @ApiProperty({ example: 'Alice' }) displayName!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class UserPageDto implements Page<User> {
  @ApiProperty({ type: [UserDto] }) items!: User[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
