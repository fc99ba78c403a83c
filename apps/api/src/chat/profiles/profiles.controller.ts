import { Body, Controller, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { User } from '@parley/contract';
import { CurrentUser, type AuthUser } from '../../auth/current-user.decorator';
import { UserDto } from '../../users/dto/user.dto';
import { ProfilesService } from './profiles.service';
import { UpdateProfileDto } from './update-profile.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Patch('me')
  @ApiOkResponse({ type: UserDto, description: 'Updated; pushed as user:updated to everyone who shares a conversation with you' })
  update(@CurrentUser() user: AuthUser, @Body() dto: UpdateProfileDto): Promise<User> {
    return this.profiles.updateDisplayName(user.id, dto.displayName);
  }
}
