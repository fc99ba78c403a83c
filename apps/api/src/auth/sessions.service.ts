import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode } from '@parley/contract';
import { randomUUID } from 'node:crypto';
import { In, IsNull, LessThan, Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { authConfig } from '../config/auth.config';
import { RefreshGrace } from './refresh-grace';
import { SessionEntity } from './session.entity';
import { SessionSockets } from './session-sockets';
import { hashRefreshToken, TokenService } from './token.service';

/** A login's refresh token as handed to the client, and the login (token family) it belongs to. */
export interface IssuedRefresh {
  userId: string;
  sessionId: string;
  refreshToken: string;
}

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
    private readonly grace: RefreshGrace,
    private readonly sockets: SessionSockets,
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
  async start(userId: string): Promise<IssuedRefresh> {
    const sessionId = randomUUID();
    return { userId, sessionId, refreshToken: await this.issue(userId, sessionId) };
  }

  /** Swaps a valid refresh token for a new one of the same login. */
  async rotate(token: string): Promise<IssuedRefresh> {
    const session = await this.sessions.findOneBy({ tokenHash: hashRefreshToken(token) });
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) throw invalidRefresh();
    const issued = { userId: session.userId, sessionId: session.familyId };
    // Conditional update: of two concurrent uses of one token, exactly one wins.
    const claimed = await this.sessions.update(
      { id: session.id, rotatedAt: IsNull(), revokedAt: IsNull() },
      { rotatedAt: new Date() },
    );
    if (!claimed.affected) {
      // Rotated a moment ago (two tabs, a retried request): the same successor, not a replay.
      const rotatedAgo = session.rotatedAt ? Date.now() - session.rotatedAt.getTime() : 0;
      const successor = rotatedAgo <= this.grace.windowMs ? await this.grace.successorOf(token) : null;
      if (successor) return { ...issued, refreshToken: successor };
      // Someone presented a token that was already exchanged: assume it was stolen and end the login.
      await this.revokeFamily(session.familyId);
      throw invalidRefresh();
    }
    const refreshToken = await this.issue(session.userId, session.familyId);
    await this.grace.remember(token, refreshToken);
    return { ...issued, refreshToken };
  }

  /** Ends the login the token belongs to; unknown tokens are ignored (logout is idempotent). */
  async end(token: string): Promise<void> {
    const session = await this.sessions.findOneBy({ tokenHash: hashRefreshToken(token) });
    if (session) await this.revokeFamily(session.familyId);
  }

  /** Ends every login of the account but `keepSessionId` (a password change keeps the login that made it). */
  async endAllOf(userId: string, keepSessionId?: string): Promise<void> {
    const live = await this.sessions.find({ select: { familyId: true }, where: { userId, revokedAt: IsNull() } });
    const ended = [...new Set(live.map((row) => row.familyId))].filter((id) => id !== keepSessionId);
    if (ended.length === 0) return;
    await this.sessions.update({ userId, familyId: In(ended), revokedAt: IsNull() }, { revokedAt: new Date() });
    this.sockets.closeSessions(ended);
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

  /** Revokes the login and closes its sockets on every process (new handshakes are refused by TokenService). */
  private async revokeFamily(familyId: string): Promise<void> {
    await this.sessions.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.sockets.closeSessions([familyId]);
  }
}
