import type { User } from '@parley/contract';
import type { UserEntity } from './user.entity';

export function toUser(entity: UserEntity): User {
  return {
    id: entity.id,
    username: entity.username,
    displayName: entity.displayName,
    createdAt: entity.createdAt.toISOString(),
  };
}
