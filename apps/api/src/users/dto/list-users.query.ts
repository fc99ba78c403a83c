import { ApiPropertyOptional } from '@nestjs/swagger';
import { Limits, type ListUsersQuery } from '@parley/contract';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ListUsersQueryDto implements ListUsersQuery {
  @ApiPropertyOptional({ description: 'Case-insensitive prefix of the username or display name' })
  @IsOptional()
  @IsString()
  @MaxLength(Limits.searchQueryMax)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: Limits.usersPageMax, default: Limits.usersPageDefault })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Limits.usersPageMax)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
