/**
 * What every SQLite connection of this process does the same way: the main one (SqliteExecutor) and
 * each reader thread's (READER_SOURCE). A reader thread runs these functions' own source, so each is
 * self-contained: it uses nothing but its arguments and globals.
 */

/**
 * A bounded cache of prepared statements by text, the most recently used last: past `max` the
 * least recently used is dropped (batch statements vary in shape, so their texts are unbounded).
 */
export function statementCache<S>(prepare: (text: string) => S, max: number): (text: string) => S {
  const prepared = new Map<string, S>();
  return (text) => {
    let statement = prepared.get(text);
    if (statement !== undefined) {
      prepared.delete(text);
    } else {
      statement = prepare(text);
      if (prepared.size >= max) prepared.delete(prepared.keys().next().value as string);
    }
    prepared.set(text, statement);
    return statement;
  };
}

/**
 * TypeORM keeps SQLite datetimes as UTC text, 'YYYY-MM-DD HH:MM:SS.SSS': the named columns of a row
 * read by a raw statement become Dates, as PostgreSQL's driver gives them (in place).
 */
export function withDates<R extends Record<string, unknown>>(row: R, dateColumns: ReadonlySet<string>): R {
  for (const key of Object.keys(row)) {
    const value = row[key];
    if (dateColumns.has(key) && typeof value === 'string') (row as Record<string, unknown>)[key] = new Date(`${value.replace(' ', 'T')}Z`);
  }
  return row;
}
