import { ApiProperty } from '@nestjs/swagger';
import { Limits, type UpdateProfileRequest } from '@parley/contract';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { trim } from '../../common/trim';

export class UpdateProfileDto implements UpdateProfileRequest {
  @ApiProperty({ minLength: 1, maxLength: Limits.displayNameMax, example: 'Alice Liddell', description: 'Trimmed before it is checked and stored' })
  @Transform(trim)
  @IsString()
  @Length(1, Limits.displayNameMax, { message: `must be 1 to ${Limits.displayNameMax} characters` })
  displayName!: string;
}
