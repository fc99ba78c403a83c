import { Limits } from '@parley/contract';
import type { MessageEntity } from '../message.entity';
import { join, list, raw, sql, type Statement } from '../../database/sql/statement';

/** The columns of a stored message, in one place: every insert is generated from this list. */
const MESSAGE_COLUMNS = [
  'id', 'conversationId', 'senderId', 'body', 'clientMessageId', 'seq', 'pos', 'createdAt', 'kind', 'system', 'version',
  'editedAt', 'deletedAt', 'replyToId', 'searchKey',
] as const;

const columnList = MESSAGE_COLUMNS.map((c) => `"${c}"`).join(', ');

/**
 * `SELECT ${messageColumns} FROM "messages"` (or `messageColumns('m')` for an alias): every column a
 * message is read with, and not the index columns beside them (PostgreSQL's tsvector is as large as the body).
 */
export const messageColumns = (alias?: string) => raw(alias ? MESSAGE_COLUMNS.map((c) => `${alias}."${c}"`).join(', ') : columnList);

/**
 * One multi-row INSERT for any number of messages (both databases accept it as written). A new
 * message's search key is the position it is stored at, by definition.
 */
export function insertMessages(rows: readonly MessageEntity[]): Statement {
  const values = join(
    rows.map(
      (m) =>
        sql`(${m.id}, ${m.conversationId}, ${m.senderId}, ${m.body}, ${m.clientMessageId}, ${m.seq}, ${m.pos}, ${m.createdAt}, ${m.kind}, ${m.system ? JSON.stringify(m.system) : null}, ${m.version}, ${m.editedAt}, ${m.deletedAt}, ${m.replyToId}, ${m.pos})`,
    ),
  );
  return sql`INSERT INTO "messages" (${raw(columnList)}) VALUES ${values}`;
}

/** A row read back with messageColumns(): the system event arrives as JSON text. */
export function messageFromRow(row: Record<string, unknown>): MessageEntity {
  const system = row['system'];
  return { ...(row as unknown as MessageEntity), system: typeof system === 'string' ? JSON.parse(system) : (system as MessageEntity['system']) ?? null };
}

/** The messages some replies answer, as their previews need them (the body already cut). */
export function replyTargets(ids: readonly string[]): Statement {
  return sql`SELECT "id", "conversationId", "seq", "senderId", SUBSTR("body", 1, ${Limits.replyPreviewMax}) AS "body", "deletedAt"
             FROM "messages" WHERE "id" IN ${list(ids)}`;
}
