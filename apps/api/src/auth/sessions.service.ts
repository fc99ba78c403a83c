import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode } from '@parley/contract';
import { randomUUID } from 'node:crypto';
import { IsNull, LessThan, Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { authConfig } from '../config/auth.config';
import { SessionEntity } from './session.entity';
import { hashRefreshToken, TokenService } from './token.service';

const PRUNE_EVERY_MS = 60 * 60 * 1000;

const invalidRefresh = () => new DomainError(ErrorCode.Unauthenticated, 'Your session has ended; please log in again');

/** Refresh-token families: one per login, rotated on every use, revoked whole on replay or logout. */
@Injectable()
export class SessionsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Sessions');
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    private readonly tokens: TokenService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  /** Every rotation adds a row: expired ones are deleted hourly so the table stays the size of the live logins. */
  onModuleInit(): void {
    this.pruneTimer = setInterval(() => void this.pruneExpired(), PRUNE_EVERY_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.pruneTimer);
  }

  async pruneExpired(): Promise<void> {
    try {
      const { affected } = await this.sessions.delete({ expiresAt: LessThan(new Date()) });
      if (affected) this.logger.log(`Pruned ${affected} expired refresh tokens`);
    } catch (error) {
      this.logger.warn(`Could not prune expired refresh tokens: ${(error as Error).message}`);
    }
  }

  /** Starts a new login and returns its first refresh token. */
  start(userId: string): Promise<string> {
    return this.issue(userId, randomUUID());
  }

  /** Swaps a valid refresh token for a new one of the same login. Returns the user id and the new token. */
  async rotate(token: string): Promise<{ userId: string; refreshToken: string }> {
    const session = await this.sessions.findOneBy({ tokenHash: hashRefreshToken(token) });
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) throw invalidRefresh();
    // Conditional update: of two concurrent uses of one token, exactly one wins.
    const claimed = await this.sessions.update(
      { id: session.id, rotatedAt: IsNull(), revokedAt: IsNull() },
      { rotatedAt: new Date() },
    );
    if (!claimed.affected) {
      // Someone presented a token that was already exchanged: assume it was stolen and end the login.
      await this.revokeFamily(session.familyId);
      throw invalidRefresh();
    }
    return { userId: session.userId, refreshToken: await this.issue(session.userId, session.familyId) };
  }

  /** Ends the login the token belongs to; unknown tokens are ignored (logout is idempotent). */
  async end(token: string): Promise<void> {
    const session = await this.sessions.findOneBy({ tokenHash: hashRefreshToken(token) });
    if (session) await this.revokeFamily(session.familyId);
  }

  private async issue(userId: string, familyId: string): Promise<string> {
    const { token, hash } = this.tokens.newRefreshToken();
    await this.sessions.insert({
      id: randomUUID(),
      userId,
      familyId,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
      rotatedAt: null,
      revokedAt: null,
    });
    return token;
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.sessions.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
