import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Page, User } from '@parley/contract';
import { CurrentUser, type AuthUser } from '../auth/current-user.decorator';
import { DomainError } from '../common/domain-error';
import { ListUsersQueryDto } from './dto/list-users.query';
import { UserDto, UserPageDto } from './dto/user.dto';
import { PresenceService } from './presence/presence.service';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly presence: PresenceService,
  ) {}

  @Get('me')
  @ApiOkResponse({ type: UserDto })
  async me(@CurrentUser() auth: AuthUser): Promise<User> {
    const user = await this.users.findById(auth.id);
    if (!user) throw DomainError.notFound('Your account');
    return this.presence.userOf(user);
  }

  @Get()
  @ApiOkResponse({ type: UserPageDto, description: 'The other users, ordered by username' })
  list(@CurrentUser() auth: AuthUser, @Query() query: ListUsersQueryDto): Promise<Page<User>> {
    return this.users.list(auth.id, query);
  }
}
