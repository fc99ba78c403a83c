import { ApiPropertyOptional } from '@nestjs/swagger';
import { Limits, type SyncQuery } from '@parley/contract';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class SyncQueryDto implements SyncQuery {
  @ApiPropertyOptional({ description: 'The cursor of the previous sync' })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'is not a cursor this API issued' })
  since?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: Limits.syncPageMax, default: Limits.syncPageDefault })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Limits.syncPageMax)
  limit?: number;
}
