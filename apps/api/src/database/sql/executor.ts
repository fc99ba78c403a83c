import type { Statement, Work } from './statement';

export type Dialect = 'sqlite' | 'postgres';

/** The executor's two reads, for a caller that picks one by the size of what it asks for. */
export type ReadPath = 'lookup' | 'all';

/** Runs statements on the configured database; the only code that knows which one it is. */
export interface SqlExecutor {
  readonly dialect: Dialect;
  /** `FOR UPDATE` on PostgreSQL; nothing on SQLite, where BEGIN IMMEDIATE already holds the only write lock. */
  readonly forUpdate: string;
  /** One write transaction; rolled back if the work throws. */
  transaction<T>(work: () => Work<T>): Promise<T>;
  all<R>(statement: Statement): Promise<R[]>;
  /**
   * A read an index bounds to a key or to one page (a session, a membership, a page of history). On
   * SQLite it runs on the main connection: it costs less there than the hop to a reader thread (about
   * half a millisecond each way once the thread sleeps), and it never waits behind slow reads queued
   * for those threads. A read that can be slow (a join over many rows, a search, a sync) goes through
   * `all`. On PostgreSQL the two are the same.
   */
  lookup<R>(statement: Statement): Promise<R[]>;
  /**
   * After text was deleted: make the database's files forget it now. SQLite folds the write-ahead log
   * (which still holds the old pages) into the main file and truncates it; PostgreSQL leaves dead row
   * versions to (auto)vacuum, so nothing happens here.
   */
  reclaim(): Promise<void>;
  /** The plan of a read, one line per step (for the tests that guard the indexes). */
  explain(statement: Statement): Promise<string[]>;
  /** Ends what the executor started besides the data source (SQLite's reader threads); the app calls it at shutdown. */
  close(): Promise<void>;
}

export const SQL_EXECUTOR = Symbol('SqlExecutor');

/**
 * Column names whose values need one shape on both databases: PostgreSQL returns bigint as a string,
 * SQLite returns datetimes as text.
 */
export const NUMBER_COLUMNS = new Set(['pos', 'changePos', 'leftPos', 'value', 'lastSeq', 'seq', 'lastReadSeq', 'membersVersion', 'version', 'n', 'searchKey', 'size', 'width', 'height', 'position', 'bytes']);
export const DATE_COLUMNS = new Set(['createdAt', 'updatedAt', 'joinedAt', 'editedAt', 'deletedAt', 'lastSeenAt', 'dueAt']);
