import type { DataSourceOptions } from 'typeorm';
import { closeSync, openSync } from 'node:fs';
// TypeORM loads the driver at run time; importing it here makes the build list it as a dependency.
import 'pg';
import { dirname } from 'node:path';
import type { DatabaseConfig } from '../config';
import { ensurePrivateDir } from '../config/env';
import { SessionEntity } from '../auth/session.entity';
import { ConversationMemberEntity } from '../chat/conversation-member.entity';
import { ConversationEntity } from '../chat/conversation.entity';
import { MessageEntity } from '../chat/message.entity';
import { UploadEntity } from '../uploads/upload.entity';
import { UserEntity } from '../users/user.entity';
import { InitialSchema1763750000000 } from './migrations/1763750000000-initial-schema';
import { ChangeStream1764600000000 } from './migrations/1764600000000-change-stream';
import { AccountDeletion1764850000000 } from './migrations/1764850000000-account-deletion';
import { MessageActions1764800000000 } from './migrations/1764800000000-message-actions';
import { PeopleSearch1764900000000 } from './migrations/1764900000000-people-search';
import { PresenceAndMute1765000000000 } from './migrations/1765000000000-presence-and-mute';
import { Uploads1765100000000 } from './migrations/1765100000000-uploads';
import { SearchKeyConversation1765200000000 } from './migrations/1765200000000-search-key-conversation';
import { SearchPerConversation1765300000000 } from './migrations/1765300000000-search-per-conversation';

export const entities = [UserEntity, SessionEntity, ConversationEntity, ConversationMemberEntity, MessageEntity, UploadEntity];
export const migrations = [InitialSchema1763750000000, ChangeStream1764600000000, MessageActions1764800000000, AccountDeletion1764850000000, PeopleSearch1764900000000, PresenceAndMute1765000000000, Uploads1765100000000, SearchKeyConversation1765200000000, SearchPerConversation1765300000000];

/** TypeORM options for either database. The schema comes from migrations only, never `synchronize`. */
export function dataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  const common = { entities, migrations, synchronize: false, migrationsRun: false, migrationsTransactionMode: 'all' as const };
  if (config.type === 'postgres') {
    // No JIT: it compiles any statement the planner costs above jit_above_cost, and at 5M messages a
    // search's estimate crosses it: ~120 ms of compiling for a 49 ms query. A setting in the URL wins.
    const extra = { max: 10, connectionTimeoutMillis: 10_000, options: '-c jit=off' };
    return { ...common, type: 'postgres', url: config.url, extra };
  }
  ensurePrivateDir(dirname(config.file));
  // Created 0600 before SQLite opens it (SQLite gives its -wal and -shm files the same mode); an existing file keeps its own.
  closeSync(openSync(config.file, 'a', 0o600));
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.file,
    // Wait for another process's write lock instead of failing at once.
    timeout: 10_000,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      // FULL: a commit survives power loss, not just a process crash; batched writes keep it cheap.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      // A deleted message's text must leave the file: freed and rewritten space is zeroed, not just unlinked.
      db.pragma('secure_delete = ON');
    },
  };
}
