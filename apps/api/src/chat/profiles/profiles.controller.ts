import { Body, Controller, Delete, HttpCode, HttpStatus, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { User } from '@parley/contract';
import { CurrentUser, type AuthUser } from '../../auth/current-user.decorator';
import { UserDto } from '../../users/dto/user.dto';
import { AccountClosure } from './account-closure.service';
import { CloseAccountDto } from './close-account.dto';
import { ProfilesService } from './profiles.service';
import { UpdateProfileDto } from './update-profile.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class ProfilesController {
  constructor(
    private readonly profiles: ProfilesService,
    private readonly closure: AccountClosure,
  ) {}

  @Patch('me')
  @ApiOkResponse({ type: UserDto, description: 'Updated; pushed as user:updated to everyone who shares a conversation with you' })
  update(@CurrentUser() user: AuthUser, @Body() dto: UpdateProfileDto): Promise<User> {
    return this.profiles.updateDisplayName(user.id, dto.displayName);
  }

  @Delete('me')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Closed: every login ends (its sockets close), you leave your groups, your name becomes "Deleted user"' })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS when the password is wrong' })
  async close(@CurrentUser() user: AuthUser, @Body() dto: CloseAccountDto): Promise<void> {
    await this.closure.close(user.id, dto.password);
  }
}
