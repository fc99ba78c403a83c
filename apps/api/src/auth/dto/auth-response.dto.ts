import { ApiProperty } from '@nestjs/swagger';
import type { AuthResponse, User } from '@parley/contract';
import { UserDto } from '../../users/dto/user.dto';

export class AuthResponseDto implements AuthResponse {
  @ApiProperty({ description: 'Short-lived JWT for `Authorization: Bearer` and the socket handshake' })
  accessToken!: string;

  @ApiProperty({ type: UserDto })
  user!: User;
}
