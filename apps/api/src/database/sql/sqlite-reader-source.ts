/**
 * The code of one reader thread, run with `new Worker(READER_SOURCE, { eval: true })`: a string, so
 * the built bundle and the test runners load it the same way, with no second entry point to build.
 * It opens its own read-only connection on the WAL file, keeps prepared statements, runs one
 * statement per message and posts back the rows (datetimes already Dates, as on the main connection)
 * or the error's message and SQLite code. The statement cache and the dates are the main
 * connection's own functions (sqlite-connection.ts), their source written into this one.
 *
 * workerData: { driverPath, file, busyTimeoutMs, dateColumns, maxPrepared, niceness }
 * out first: { ready: true } once the connection is open
 * in:  { text, params }      out: { rows } | { error: { message, code } }
 */
import { statementCache, withDates } from './sqlite-connection';

export const READER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.busyTimeoutMs });
const dateColumns = new Set(workerData.dateColumns);
const prepare = (${statementCache.toString()})((text) => db.prepare(text), workerData.maxPrepared);
const normalize = (row) => (${withDates.toString()})(row, dateColumns);
lowerPriority(workerData.niceness);
parentPort.postMessage({ ready: true });

/**
 * On Linux the nice value is per thread (setpriority on a thread id): a reader that lowers its own
 * leaves the event loop first call on the CPU, so a burst of heavy reads slows down heavy reads, not
 * every request. Best effort elsewhere.
 */
function lowerPriority(steps) {
  try {
    const os = require('node:os');
    const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    os.setPriority(tid, Math.min(19, os.getPriority(tid) + steps));
  } catch {}
}

parentPort.on('message', ({ text, params }) => {
  try {
    parentPort.postMessage({ rows: prepare(text).all(...params).map(normalize) });
  } catch (error) {
    parentPort.postMessage({ error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;
