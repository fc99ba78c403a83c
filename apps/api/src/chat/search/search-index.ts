import { Inject, Injectable } from '@nestjs/common';
import { MessageKind } from '@parley/contract';
import { SQL_EXECUTOR, type SqlExecutor } from '../../database/sql/executor';
import { join, raw, sql, type Work } from '../../database/sql/statement';
import { searchText } from './search-text';

/** What the index needs of a message. */
export interface Indexable {
  searchKey: number;
  body: string;
  kind: string;
  deletedAt?: Date | null;
}

const INDEXES = ['message_words', 'message_trigrams'] as const;
type IndexName = (typeof INDEXES)[number];

const indexed = (row: Indexable) => row.kind === MessageKind.Text && !row.deletedAt && row.body !== '';
/** The words index gets CJK characters one per token; the trigram index the text as it is. */
const textFor = (name: IndexName, body: string) => (name === 'message_words' ? searchText(body) : body);

/**
 * Keeps the search index in step with the messages, inside the transaction that changes them.
 * SQLite: the two contentless FTS5 tables, written explicitly (one statement per table for any number
 * of rows). A contentless table keeps no copy of the text, so taking a message out needs its old text
 * ('delete' with the old values); with the tables' secure-delete option that removes its tokens from
 * the index pages at once. PostgreSQL: nothing to do, the stored tsvector is generated from the body.
 */
@Injectable()
export class SearchIndex {
  private readonly explicit: boolean;

  constructor(@Inject(SQL_EXECUTOR) db: SqlExecutor) {
    this.explicit = db.dialect === 'sqlite';
  }

  *add(rows: readonly Indexable[]): Work<void> {
    const text = rows.filter(indexed);
    if (!this.explicit || !text.length) return;
    for (const name of INDEXES) {
      yield sql`INSERT INTO "${raw(name)}" ("rowid", "body") VALUES ${join(text.map((r) => sql`(${r.searchKey}, ${textFor(name, r.body)})`))}`;
    }
  }

  /** `row` as it is stored now (before its body changes). */
  *remove(row: Indexable): Work<void> {
    if (!this.explicit || !indexed(row)) return;
    for (const name of INDEXES) {
      yield sql`INSERT INTO "${raw(name)}" ("${raw(name)}", "rowid", "body") VALUES ('delete', ${row.searchKey}, ${textFor(name, row.body)})`;
    }
  }
}
