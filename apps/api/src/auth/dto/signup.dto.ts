import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Limits, type SignupRequest } from '@parley/contract';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

export class SignupDto implements SignupRequest {
  @ApiProperty({ minLength: Limits.usernameMin, maxLength: Limits.usernameMax, example: 'alice' })
  @IsString()
  @Length(Limits.usernameMin, Limits.usernameMax, {
    message: `must be ${Limits.usernameMin} to ${Limits.usernameMax} characters`,
  })
  @Matches(Limits.usernamePattern, { message: 'may contain only letters, digits, _ . and -' })
  username!: string;

  @ApiProperty({ minLength: Limits.passwordMin, maxLength: Limits.passwordMax, format: 'password' })
  @IsString()
  @Length(Limits.passwordMin, Limits.passwordMax, {
    message: `must be ${Limits.passwordMin} to ${Limits.passwordMax} characters`,
  })
  password!: string;

  @ApiPropertyOptional({ maxLength: Limits.displayNameMax, example: 'Alice Liddell' })
  @IsOptional()
  @IsString()
  @MaxLength(Limits.displayNameMax, { message: `must be at most ${Limits.displayNameMax} characters` })
  displayName?: string;
}
