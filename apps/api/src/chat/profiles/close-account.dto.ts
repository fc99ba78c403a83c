import { ApiProperty } from '@nestjs/swagger';
import { Limits, type CloseAccountRequest } from '@parley/contract';
import { IsString, Length } from 'class-validator';

export class CloseAccountDto implements CloseAccountRequest {
  @ApiProperty({ description: 'Your current password' })
  @IsString()
  @Length(1, Limits.passwordMax, { message: `must be 1 to ${Limits.passwordMax} characters` })
  password!: string;
}
