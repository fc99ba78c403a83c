import { Body, Controller, HttpCode, HttpStatus, Inject, Post, Req, Res, SetMetadata, UseGuards } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorCode, type AuthResponse } from '@parley/contract';
import type { Request, Response } from 'express';
import { DomainError } from '../common/domain-error';
import { appConfig } from '../config/app.config';
import { authConfig } from '../config/auth.config';
import { AuthRateLimitGuard } from '../rate-limit/auth-rate-limit.guard';
import { AuthResult, AuthService } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { AuthResponseDto } from './dto/auth-response.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { SignupDto } from './dto/signup.dto';
import { IS_PUBLIC, Public } from './public.decorator';
import type { AccessGrant } from './token.service';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  @Post('signup')
  @UseGuards(AuthRateLimitGuard)
  @ApiCreatedResponse({ type: AuthResponseDto, description: 'Also sets the refresh cookie' })
  @ApiConflictResponse({ description: 'USERNAME_TAKEN' })
  async signup(@Body() dto: SignupDto, @Res({ passthrough: true }) res: Response): Promise<AuthResponse> {
    return this.respond(res, await this.auth.signup(dto));
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @UseGuards(AuthRateLimitGuard)
  @ApiOkResponse({ type: AuthResponseDto, description: 'Also sets the refresh cookie' })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS, the same for an unknown user and a wrong password' })
  async login(@Body() dto: LoginDto, @Res({ passthrough: true }) res: Response): Promise<AuthResponse> {
    return this.respond(res, await this.auth.login(dto));
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @UseGuards(AuthRateLimitGuard)
  @ApiOkResponse({ type: AuthResponseDto, description: 'Rotates the refresh cookie; replaying an old one ends the login' })
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthResponse> {
    try {
      return this.respond(res, await this.auth.refresh(readRefreshCookie(req)));
    } catch (error) {
      // Only an ended session clears the cookie; a passing failure (database down) must not log the user out.
      if (error instanceof DomainError && error.code === ErrorCode.Unauthenticated) clearRefreshCookie(res, this.app.secureCookies);
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Ends the login of the refresh cookie and clears it' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(readRefreshCookie(req));
    clearRefreshCookie(res, this.app.secureCookies);
  }

  @Post('password')
  @SetMetadata(IS_PUBLIC, false)
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(AuthRateLimitGuard)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Changed; every other login of the account is ended and its sockets closed' })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS when the current password is wrong' })
  async changePassword(@CurrentUser() user: AccessGrant, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user.id, user.sessionId, dto.currentPassword, dto.newPassword);
  }

  private respond(res: Response, result: AuthResult): AuthResponse {
    setRefreshCookie(res, result.refreshToken, this.app.secureCookies, this.config.refreshTokenTtlSeconds);
    return { accessToken: result.accessToken, user: result.user };
  }
}
