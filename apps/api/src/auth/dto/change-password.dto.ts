import { ApiProperty } from '@nestjs/swagger';
import { Limits, type ChangePasswordRequest } from '@parley/contract';
import { IsString, Length, MaxLength } from 'class-validator';

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MaxLength(Limits.passwordMax, { message: `must be at most ${Limits.passwordMax} characters` })
  currentPassword!: string;

  @ApiProperty({ minLength: Limits.passwordMin, maxLength: Limits.passwordMax, format: 'password' })
  @IsString()
  @Length(Limits.passwordMin, Limits.passwordMax, {
    message: `must be ${Limits.passwordMin} to ${Limits.passwordMax} characters`,
  })
  newPassword!: string;
}
