import { ApiPropertyOptional } from '@nestjs/swagger';
import { Limits, type ListMessagesQuery } from '@parley/contract';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

const MAX_SEQ = 2_147_483_647;

export class ListMessagesQueryDto implements ListMessagesQuery {
  @ApiPropertyOptional({ description: 'Only messages with a lower seq (older pages)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SEQ)
  before?: number;

  @ApiPropertyOptional({ description: 'Only messages with a higher seq (catching up)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: Limits.messagesPageMax, default: Limits.messagesPageDefault })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Limits.messagesPageMax)
  limit?: number;
}
