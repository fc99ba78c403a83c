import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode, Limits, Page, User } from '@parley/contract';
import { randomUUID } from 'node:crypto';
import { In, IsNull, Repository } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { DomainError } from '../common/domain-error';
import { isUniqueViolation } from '../database/errors';
import { SQL_EXECUTOR, type SqlExecutor } from '../database/sql/executor';
import { sql } from '../database/sql/statement';
import { ListUsersQueryDto } from './dto/list-users.query';
import { MIN_SUBSTRING_QUERY, peopleSearchStatement, type SearchRow } from './people-search';
import { UserEntity } from './user.entity';
import { PresenceService } from './presence/presence.service';

/** Sorts after every character a username or display name can start a prefix with. */
const PREFIX_END = '\u{10FFFF}';
const EXISTS_CACHE_MS = 60_000;
const EXISTS_CACHE_MAX = 100_000;

@Injectable()
export class UsersService {
  /** Ids known to exist, and until when to trust that without asking the database again. */
  private readonly known = new Map<string, number>();

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly presence: PresenceService,
  ) {}

  /** Whether an account exists; checked on every authenticated request, so positive answers are cached briefly. */
  async exists(id: string): Promise<boolean> {
    const until = this.known.get(id);
    if (until && until > Date.now()) return true;
    const found = (await this.db.lookup(sql`SELECT 1 AS "one" FROM "users" WHERE "id" = ${id}`)).length > 0;
    if (found) {
      if (this.known.size >= EXISTS_CACHE_MAX) this.known.clear();
      this.known.set(id, Date.now() + EXISTS_CACHE_MS);
    }
    return found;
  }

  async create(input: { username: string; displayName: string; passwordHash: string }): Promise<UserEntity> {
    const user = this.users.create({
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName,
      displayNameLower: input.displayName.toLowerCase(),
      passwordHash: input.passwordHash,
    });
    try {
      await this.users.insert(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(ErrorCode.UsernameTaken, 'That username is taken');
      throw error;
    }
    return (await this.users.findOneByOrFail({ id: user.id }));
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash });
  }

  /**
   * Closes an account: the row stays, so its messages keep their sender, but its username is freed,
   * no password matches any more and the directory leaves it out.
   */
  async close(id: string): Promise<void> {
    await this.users.update({ id }, { username: `deleted-${randomUUID().slice(0, 23)}`, passwordHash: '!', deletedAt: new Date() });
  }

  /** Without the password hash or the closing date (as the entity reads by default). */
  async findById(id: string): Promise<UserEntity | null> {
    const [row] = await this.db.lookup<UserEntity>(
      sql`SELECT "id", "username", "displayName", "displayNameLower", "createdAt", "lastSeenAt" FROM "users" WHERE "id" = ${id}`,
    );
    return row ?? null;
  }

  /** Accounts that are open (not closed): the people one may start a conversation with or add to a group. */
  async findOpenByIds(ids: string[]): Promise<UserEntity[]> {
    return ids.length ? this.users.findBy({ id: In(ids), deletedAt: IsNull() }) : [];
  }

  async findByIds(ids: string[]): Promise<UserEntity[]> {
    return ids.length ? this.users.findBy({ id: In(ids) }) : [];
  }

  /** With the password hash, for login only. */
  findWithPasswordHash(username: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
  }

  /**
   * Everyone but `viewerId`, by username; keyset-paged so it stays fast with 100k users. A query of
   * three or more characters finds any part of a username or display name ("Anderson", "ester");
   * a shorter one, their starts.
   */
  async list(viewerId: string, query: ListUsersQueryDto): Promise<Page<User>> {
    const limit = query.limit ?? Limits.usersPageDefault;
    const after = query.cursor ? decodeCursor(query.cursor, (v): v is string => typeof v === 'string') : null;
    const text = query.q?.trim().toLowerCase() ?? '';
    if ([...text].length >= MIN_SUBSTRING_QUERY) {
      const rows = await this.db.all<SearchRow>(peopleSearchStatement(this.db.dialect, { viewerId, query: text, after, limit: limit + 1 }));
      return this.page(rows, limit);
    }
    const qb = this.users.createQueryBuilder('u').where('u.id != :viewerId AND u.deletedAt IS NULL', { viewerId });
    const prefix = query.q?.trim().toLowerCase();
    if (prefix) {
      const range = { from: prefix, to: prefix + PREFIX_END };
      qb.andWhere(
        '((u.username >= :from AND u.username < :to) OR (u.displayNameLower >= :from AND u.displayNameLower < :to))',
        range,
      );
    }
    if (after !== null) qb.andWhere('u.username > :after', { after });
    return this.page(await qb.orderBy('u.username', 'ASC').take(limit + 1).getMany(), limit);
  }

  private async page(rows: Pick<UserEntity, 'id' | 'username' | 'displayName' | 'createdAt' | 'lastSeenAt'>[], limit: number): Promise<Page<User>> {
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(items[items.length - 1].username) : null;
    return { items: await this.presence.usersOf(items as UserEntity[]), nextCursor };
  }
}
