import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The v1 schema, written once for both SQLite and PostgreSQL with TypeORM's portable Table API.
 * PostgreSQL gets `timestamptz` and byte-order ("C") collation on the searchable name columns, so
 * prefix ranges and ordering match SQLite's and use the indexes.
 */
export class InitialSchema1763750000000 implements MigrationInterface {
  name = 'InitialSchema1763750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const timestamp = postgres ? 'timestamptz' : 'datetime';
    const now = postgres ? 'now()' : "(strftime('%Y-%m-%d %H:%M:%f', 'now'))";
    const id = (name: string) => ({ name, type: 'varchar', length: '36' });
    const byteOrder = postgres ? { collation: 'C' } : {};
    const createdAt = { name: 'createdAt', type: timestamp, default: now };

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { ...id('id'), isPrimary: true },
          { name: 'username', type: 'varchar', length: '32', ...byteOrder },
          { name: 'displayName', type: 'varchar', length: '64' },
          // Lower-casing can lengthen a name (e.g. 'İ' becomes two code units): room for that.
          { name: 'displayNameLower', type: 'varchar', length: '256', ...byteOrder },
          { name: 'passwordHash', type: 'varchar', length: '255' },
          createdAt,
        ],
        indices: [
          new TableIndex({ name: 'ux_users_username', columnNames: ['username'], isUnique: true }),
          new TableIndex({ name: 'ix_users_display_name_lower', columnNames: ['displayNameLower'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { ...id('id'), isPrimary: true },
          id('userId'),
          id('familyId'),
          { name: 'tokenHash', type: 'varchar', length: '64' },
          { name: 'expiresAt', type: timestamp },
          { name: 'rotatedAt', type: timestamp, isNullable: true },
          { name: 'revokedAt', type: timestamp, isNullable: true },
          createdAt,
        ],
        foreignKeys: [{ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [
          new TableIndex({ name: 'ix_sessions_user', columnNames: ['userId'] }),
          new TableIndex({ name: 'ix_sessions_family', columnNames: ['familyId'] }),
          new TableIndex({ name: 'ux_sessions_token_hash', columnNames: ['tokenHash'], isUnique: true }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'conversations',
        columns: [
          { ...id('id'), isPrimary: true },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'title', type: 'varchar', length: '128', isNullable: true },
          { name: 'directKey', type: 'varchar', length: '80', isNullable: true },
          { name: 'lastSeq', type: 'integer', default: 0 },
          createdAt,
          { name: 'updatedAt', type: timestamp, default: now },
        ],
        indices: [new TableIndex({ name: 'ux_conversations_direct_key', columnNames: ['directKey'], isUnique: true })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'conversation_members',
        columns: [
          { ...id('conversationId'), isPrimary: true },
          { ...id('userId'), isPrimary: true },
          { name: 'lastReadSeq', type: 'integer', default: 0 },
          { name: 'joinedAt', type: timestamp, default: now },
        ],
        foreignKeys: [
          { columnNames: ['conversationId'], referencedTableName: 'conversations', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [new TableIndex({ name: 'ix_conversation_members_user', columnNames: ['userId'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'messages',
        columns: [
          { ...id('id'), isPrimary: true },
          id('conversationId'),
          id('senderId'),
          { name: 'body', type: 'text' },
          { name: 'clientMessageId', type: 'varchar', length: '64' },
          { name: 'seq', type: 'integer' },
          // Position in the server-wide stream of messages, assigned in commit order (see stream_counter).
          { name: 'pos', type: 'bigint' },
          createdAt,
        ],
        foreignKeys: [
          { columnNames: ['conversationId'], referencedTableName: 'conversations', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['senderId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [
          // History pages and "after/before seq" are range scans on this index.
          new TableIndex({ name: 'ux_messages_conversation_seq', columnNames: ['conversationId', 'seq'], isUnique: true }),
          new TableIndex({ name: 'ux_messages_sender_client_id', columnNames: ['senderId', 'clientMessageId'], isUnique: true }),
          // GET /api/sync reads "everything after position N" on this index.
          new TableIndex({ name: 'ux_messages_pos', columnNames: ['pos'], isUnique: true }),
        ],
      }),
    );
    // One row: the last stream position handed out. Writers take its row lock after the
    // conversations' locks, so positions are assigned in commit order and `pos > cursor` never skips.
    await queryRunner.createTable(
      new Table({
        name: 'stream_counter',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'value', type: 'bigint', default: 0 },
        ],
      }),
    );
    await queryRunner.query('INSERT INTO "stream_counter" ("id", "value") VALUES (1, 0)');
    // "My conversations, most recently active first" walks this index.
    await queryRunner.createIndex(
      'conversations',
      new TableIndex({ name: 'ix_conversations_updated', columnNames: ['updatedAt', 'id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['stream_counter', 'messages', 'conversation_members', 'conversations', 'sessions', 'users']) {
      await queryRunner.dropTable(table);
    }
  }
}
