import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { authConfig } from '../config/auth.config';
import { UsersService } from '../users/users.service';
import type { AuthUser } from './current-user.decorator';

interface AccessTokenClaims {
  sub: string;
  username: string;
  typ: 'access';
}

/** Access tokens are HS256 JWTs (the algorithm is pinned on verify); refresh tokens are random and stored hashed. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  signAccessToken(user: { id: string; username: string }): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, username: user.username, typ: 'access' };
    return this.jwt.signAsync(claims, {
      algorithm: 'HS256',
      secret: this.config.jwtSecret,
      expiresIn: this.config.accessTokenTtlSeconds,
    });
  }

  /** The user the token names, or null for anything missing, malformed, tampered, expired or of another kind. */
  async verifyAccessToken(token: unknown): Promise<AuthUser | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        algorithms: ['HS256'],
        secret: this.config.jwtSecret,
      });
      if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.username !== 'string') return null;
      return { id: claims.sub, username: claims.username };
    } catch {
      return null;
    }
  }

  /**
   * Who presents this token: valid and of an account that still exists (a token signed before the
   * database was reset must not let a stranger in).
   */
  async authenticate(token: unknown): Promise<AuthUser | null> {
    const user = await this.verifyAccessToken(token);
    return user && (await this.users.exists(user.id)) ? user : null;
  }

  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashRefreshToken(token) };
  }
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
