import type { PresenceState, PresenceStatus, User } from '@parley/contract';
import type { UserEntity } from './user.entity';

/** Online with a status, or offline with when they were last seen (null: never). */
export function presenceState(status: PresenceStatus | undefined, lastSeenAt: Date | null | undefined): PresenceState {
  return status ? { online: true, lastSeenAt: null, status } : { online: false, lastSeenAt: lastSeenAt ? lastSeenAt.toISOString() : null };
}

/** What a user is shown with: an entity, or a row that selected these columns. */
export type UserFields = Pick<UserEntity, 'id' | 'username' | 'displayName' | 'createdAt' | 'lastSeenAt'>;

/** `status`: the user's live presence (from PresenceService.lookup), undefined when offline. */
export function toUser(entity: UserFields, status?: PresenceStatus): User {
  return {
    id: entity.id,
    username: entity.username,
    displayName: entity.displayName,
    createdAt: entity.createdAt.toISOString(),
    ...presenceState(status, entity.lastSeenAt),
  };
}
