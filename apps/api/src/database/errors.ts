/** The driver's error code: PostgreSQL's SQLSTATE or SQLite's `SQLITE_*` name. */
function driverErrorCode(error: unknown): string {
  const e = error as { code?: string; driverError?: { code?: string } } | null;
  return e?.driverError?.code ?? e?.code ?? '';
}

/** True when a write failed on a unique index (PostgreSQL 23505 or SQLite's constraint error). */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverErrorCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A failure caused by one row (a constraint or bad data: SQLSTATE classes 22 and 23), not by the database being unavailable. */
export function isRowLevelError(error: unknown): boolean {
  const code = driverErrorCode(error);
  return /^2[23]/.test(code) || code.startsWith('SQLITE_CONSTRAINT');
}
