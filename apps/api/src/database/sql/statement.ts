/**
 * One SQL text for both databases: values become `?` placeholders (numbered `$n` for PostgreSQL by
 * its executor), so a statement is written once and runs on SQLite and PostgreSQL alike.
 */
export interface Statement {
  readonly text: string;
  readonly params: readonly unknown[];
}

export type Row = Record<string, unknown>;

class ListParam {
  constructor(readonly values: readonly unknown[]) {}
}

class RawFragment {
  constructor(readonly text: string) {}
}

/** `IN ${list(ids)}` → `IN (?, ?, ?)`; an empty list matches nothing (`(NULL)`), which both databases accept. */
export const list = (values: readonly unknown[]) => new ListParam(values);

/** Trusted SQL text spliced in as is (a dialect's keyword, a column list): never user input. */
export const raw = (text: string) => new RawFragment(text);

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Statement {
  let text = strings[0];
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof RawFragment) text += value.text;
    else if (isStatement(value)) (text += value.text, params.push(...value.params));
    else if (value instanceof ListParam) {
      text += value.values.length ? `(${value.values.map(() => '?').join(', ')})` : '(NULL)';
      params.push(...value.values);
    } else (text += '?', params.push(value));
    text += strings[i + 1];
  });
  return { text, params };
}

/** Joins fragments with a separator, e.g. the rows of a multi-row VALUES. */
export function join(parts: readonly Statement[], separator = ', '): Statement {
  return { text: parts.map((p) => p.text).join(separator), params: parts.flatMap((p) => p.params) };
}

function isStatement(value: unknown): value is Statement {
  return typeof value === 'object' && value !== null && typeof (value as Statement).text === 'string' && Array.isArray((value as Statement).params);
}

/**
 * A write transaction, described once for both databases as a generator that yields statements and
 * receives their rows. The SQLite executor runs it synchronously inside one BEGIN IMMEDIATE (nothing
 * else of this process can interleave); the PostgreSQL executor awaits each statement.
 */
export type Work<T> = Generator<Statement, T, Row[]>;

/** `const rows = yield* query<MyRow>(sql`…`)`: a typed step inside a Work. */
export function* query<R>(statement: Statement): Generator<Statement, R[], Row[]> {
  return (yield statement) as R[];
}
