import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { DATE_COLUMNS } from './executor';
import { READER_SOURCE } from './sqlite-reader-source';
import type { Row } from './statement';

export interface ReaderPoolOptions {
  file: string;
  size: number;
  busyTimeoutMs: number;
  maxPrepared: number;
  /** Reads waiting for a free thread beyond which a new one is refused rather than queued. */
  maxQueued?: number;
  /** The thread's code: READER_SOURCE (a test wraps it to make a thread die). */
  source?: string;
}

interface Job {
  text: string;
  params: unknown[];
  resolve(rows: Row[]): void;
  reject(error: Error): void;
}

interface Reader {
  worker: Worker;
  /** The read this thread is running: one at a time, so a free thread is never stuck behind a slow read. */
  job: Job | null;
  /** Opened its connection: a thread that dies before that is not replaced (it would die again). */
  ready: boolean;
}

/**
 * The driver the main connection uses, resolved from this file at run time (webpack would turn a
 * plain `require.resolve` into a module number of the bundle).
 */
const DRIVER_PATH = createRequire(__filename).resolve('better-sqlite3');

/** How much lower than the event loop's a reader thread's CPU priority is (see lowerPriority in the source). */
const READER_NICENESS = 5;

type Reply = { ready: true } | { rows: Row[] } | { error: { message: string; code: string } };

/**
 * Reader threads on a WAL database file, each with its own read-only connection, so that a read,
 * however slow, runs beside the event loop instead of on it. A read goes to a free thread, else waits
 * in a bounded first-come queue. WAL gives each read a snapshot taken when it starts, which is after
 * every commit the main connection made before the read was asked for: reads see their own writes.
 */
export class SqliteReaderPool {
  private readonly readers: Reader[] = [];
  private readonly queue: Job[] = [];
  private readonly maxQueued: number;
  private closing = false;
  private readonly logger = new Logger('SqliteReaderPool');

  constructor(private readonly options: ReaderPoolOptions) {
    this.maxQueued = options.maxQueued ?? 10_000;
    for (let i = 0; i < options.size; i++) this.spawn();
  }

  /** False once closed or when every thread failed to start: the caller then reads on its own connection. */
  get open(): boolean {
    return !this.closing && this.readers.length > 0;
  }

  /** Runs one read-only statement; `params` are already SQLite values (no Dates or booleans). */
  all(text: string, params: unknown[]): Promise<Row[]> {
    if (!this.open) return Promise.reject(new Error('The SQLite reader pool is closed'));
    if (this.queue.length >= this.maxQueued) {
      return Promise.reject(new Database.SqliteError(`Too many reads waiting (${this.maxQueued}) for a SQLite reader thread`, 'SQLITE_BUSY'));
    }
    return new Promise<Row[]>((resolve, reject) => {
      this.queue.push({ text, params, resolve, reject });
      this.dispatch();
    });
  }

  /** Ends every thread; reads still queued or running are refused. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('The SQLite reader pool closed before this read ran'));
    await Promise.all(this.readers.map((reader) => reader.worker.terminate()));
    this.readers.length = 0;
  }

  private dispatch(): void {
    for (const reader of this.readers) {
      if (!this.queue.length) return;
      if (reader.job) continue;
      const job = this.queue.shift()!;
      try {
        reader.worker.postMessage({ text: job.text, params: job.params });
        reader.job = job;
      } catch (error) {
        job.reject(error as Error); // a parameter that cannot be copied to a thread
      }
    }
  }

  private spawn(): void {
    const { file, busyTimeoutMs, maxPrepared } = this.options;
    const worker = new Worker(this.options.source ?? READER_SOURCE, {
      eval: true,
      workerData: { driverPath: DRIVER_PATH, file, busyTimeoutMs, maxPrepared, dateColumns: [...DATE_COLUMNS], niceness: READER_NICENESS },
    });
    // Threads never keep the process alive on their own: an exit is not held up by an idle pool.
    worker.unref();
    const reader: Reader = { worker, job: null, ready: false };
    this.readers.push(reader);
    worker.on('message', (reply: Reply) => this.answer(reader, reply));
    // An uncaught error ends the thread; 'exit' follows and does the clean-up.
    worker.on('error', (error) => this.logger.error({ err: error }, 'A SQLite reader thread failed'));
    worker.on('exit', (code) => this.replace(reader, code));
  }

  private answer(reader: Reader, reply: Reply): void {
    if ('ready' in reply) {
      reader.ready = true;
      return;
    }
    const job = reader.job;
    reader.job = null;
    if (job) {
      if ('error' in reply) job.reject(new Database.SqliteError(reply.error.message, reply.error.code));
      else job.resolve(reply.rows);
    }
    this.dispatch();
  }

  private replace(reader: Reader, code: number): void {
    const index = this.readers.indexOf(reader);
    if (index < 0) return; // closed
    this.readers.splice(index, 1);
    reader.job?.reject(new Error(`The SQLite reader thread running this read exited (code ${code})`));
    if (this.closing) return;
    this.logger.warn(`A SQLite reader thread exited (code ${code})${reader.ready ? '; starting another' : ' before it opened the database; not replaced'}`);
    if (reader.ready) this.spawn();
    if (!this.readers.length) {
      // No thread could start: refuse what waits rather than leave it hanging; new reads go to the main connection.
      for (const job of this.queue.splice(0)) job.reject(new Error('No SQLite reader thread could start'));
    }
    this.dispatch();
  }
}
