import { Injectable } from '@nestjs/common';
import { AuthResponse, ErrorCode } from '@parley/contract';
import { DomainError } from '../common/domain-error';
import { UserEntity } from '../users/user.entity';
import { PresenceService } from '../users/presence/presence.service';
import { UsersService } from '../users/users.service';
import { LoginDto } from './dto/login.dto';
import { SignupDto } from './dto/signup.dto';
import { LoginThrottle } from './login-throttle';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';

export interface AuthResult extends AuthResponse {
  refreshToken: string;
}

const badCredentials = () => new DomainError(ErrorCode.InvalidCredentials, 'Wrong username or password');

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly presence: PresenceService,
  ) {}

  async signup(dto: SignupDto): Promise<AuthResult> {
    const username = dto.username.toLowerCase();
    const displayName = dto.displayName?.trim() || username;
    const user = await this.users.create({ username, displayName, passwordHash: await hashPassword(dto.password) });
    return this.startSession(user);
  }

  async login(dto: LoginDto): Promise<AuthResult> {
    const username = dto.username.toLowerCase();
    await this.throttle.check(username);
    const user = await this.users.findWithPasswordHash(username);
    if (!user) {
      await burnPasswordCheck(dto.password);
      await this.throttle.recordFailure(username);
      throw badCredentials();
    }
    if (!(await verifyPassword(user.passwordHash, dto.password))) {
      await this.throttle.recordFailure(username);
      throw badCredentials();
    }
    await this.throttle.recordSuccess(username);
    return this.startSession(user);
  }

  async refresh(refreshToken: string | undefined): Promise<AuthResult> {
    if (!refreshToken) throw new DomainError(ErrorCode.Unauthenticated, 'No session to refresh; please log in');
    const rotated = await this.sessions.rotate(refreshToken);
    const user = await this.users.findById(rotated.userId);
    if (!user) throw new DomainError(ErrorCode.Unauthenticated, 'Your account no longer exists');
    return { user: await this.presence.userOf(user), accessToken: await this.tokens.signAccessToken(user, rotated.sessionId), refreshToken: rotated.refreshToken };
  }

  /**
   * Changes the password after checking the current one (throttled like a login) and ends every
   * other login of the account, closing their sockets; the login that made the change stays.
   */
  async changePassword(userId: string, sessionId: string, currentPassword: string, newPassword: string): Promise<void> {
    await this.confirmPassword(userId, currentPassword);
    await this.users.setPasswordHash(userId, await hashPassword(newPassword));
    await this.sessions.endAllOf(userId, sessionId);
  }

  /** The account's own password, checked and throttled like a login (before a password change or closing the account). */
  async confirmPassword(userId: string, password: string): Promise<void> {
    const account = await this.users.findById(userId);
    if (!account) throw new DomainError(ErrorCode.Unauthenticated, 'Your account no longer exists');
    await this.throttle.check(account.username);
    const withHash = await this.users.findWithPasswordHash(account.username);
    if (!withHash || !(await verifyPassword(withHash.passwordHash, password))) {
      await this.throttle.recordFailure(account.username);
      throw badCredentials();
    }
  }

  /** Ends every login of the account and closes their sockets on every process. */
  endEveryLogin(userId: string): Promise<void> {
    return this.sessions.endAllOf(userId);
  }

  async logout(refreshToken: string | undefined): Promise<void> {
    if (refreshToken) await this.sessions.end(refreshToken);
  }

  private async startSession(user: UserEntity): Promise<AuthResult> {
    const { sessionId, refreshToken } = await this.sessions.start(user.id);
    return { accessToken: await this.tokens.signAccessToken(user, sessionId), refreshToken, user: await this.presence.userOf(user) };
  }
}
