import { ApiProperty } from '@nestjs/swagger';
import { Limits, type LoginRequest } from '@parley/contract';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Only shape is checked here: any wrong value is simply "wrong username or password". */
export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(Limits.usernameMax)
  username!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(Limits.passwordMax)
  password!: string;
}
