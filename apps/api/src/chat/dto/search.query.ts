import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Limits, type SearchQuery } from '@parley/contract';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { trim } from '../../common/trim';

export class SearchQueryDto implements SearchQuery {
  @ApiProperty({ maxLength: Limits.searchTextMax, description: 'Words, pars* prefixes, "quoted phrases"; case and accents ignored' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(Limits.searchTextMax, { message: `must be at most ${Limits.searchTextMax} characters` })
  q!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this conversation (one of yours)' })
  @IsOptional()
  @IsString()
  @IsUUID('all', { message: 'must be a conversation id (UUID)' })
  conversationId?: string;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^[1-9][0-9]{0,15}$/, { message: 'must be a nextCursor from a previous search' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: Limits.searchPageMax, default: Limits.searchPageDefault })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Limits.searchPageMax)
  limit?: number;
}
