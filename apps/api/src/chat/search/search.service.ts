import { Inject, Injectable } from '@nestjs/common';
import { Limits, type SearchResponse } from '@parley/contract';
import { DomainError } from '../../common/domain-error';
import { HeavyReads } from '../../database/heavy-reads';
import { SQL_EXECUTOR, type SqlExecutor } from '../../database/sql/executor';
import { SearchQueryDto } from '../dto/search.query';
import { MembershipService } from '../membership.service';
import { MessagePresenter } from '../message-presenter';
import type { MessageEntity } from '../message.entity';
import { messageFromRow } from '../stream/message-rows';
import { MAX_TERMS, parseSearch, type SearchTerm } from './search-query';
import { postgresSearch, SEARCH_SCAN_MAX, sqliteCandidates, sqliteMessages, type SearchRequest } from './search-statements';
import { hasWordStartingWith } from './search-text';
import { snippet } from './snippet';

/** Message search: indexed statements only, membership checked by the statements themselves. */
@Injectable()
export class SearchService {
  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly membership: MembershipService,
    private readonly presenter: MessagePresenter,
    private readonly heavyReads: HeavyReads,
  ) {}

  async search(userId: string, query: SearchQueryDto): Promise<SearchResponse> {
    const terms = parseSearch(query.q);
    if (!terms.length) throw DomainError.validation([{ field: 'q', message: 'must contain a letter or a digit' }]);
    if (terms.length > MAX_TERMS) throw DomainError.validation([{ field: 'q', message: `must have at most ${MAX_TERMS} words or phrases` }]);
    if (query.conversationId) await this.membership.requireMember(query.conversationId, userId);
    const limit = query.limit ?? Limits.searchPageDefault;
    const request: SearchRequest = {
      userId,
      terms,
      conversationId: query.conversationId,
      before: query.before === undefined ? undefined : Number(query.before),
      limit: limit + 1,
    };
    // A heavy read: it waits its turn (HeavyReads) before the index is walked.
    return this.heavyReads.run(() => this.page(request, terms, limit));
  }

  private async page(request: SearchRequest, terms: SearchTerm[], limit: number): Promise<SearchResponse> {
    const { rows, scannedTo } = await this.find(request);
    const page = rows.slice(0, limit);
    const messages = await this.presenter.present(page);
    return {
      items: messages.map((message) => ({ message, conversationId: message.conversationId, snippet: snippet(message.body, terms) })),
      nextCursor: rows.length > limit ? String(page[page.length - 1].searchKey) : scannedTo === null ? null : String(scannedTo),
    };
  }

  /** The matching rows; `scannedTo` is where SQLite's bounded walk stopped short (go on below it), else null. */
  private async find(request: SearchRequest): Promise<{ rows: MessageEntity[]; scannedTo: number | null }> {
    if (this.db.dialect === 'postgres') {
      return { rows: (await this.db.all<Record<string, unknown>>(postgresSearch(request))).map(messageFromRow), scannedTo: null };
    }
    const keys = (await this.db.all<{ key: number }>(sqliteCandidates(request))).map((k) => Number(k.key));
    if (!keys.length) return { rows: [], scannedTo: null };
    // A prefix found as a substring is kept where a word starts with it (the trigram index cannot tell).
    const prefixes = request.terms.filter((t) => t.startsWord);
    const rows = (await this.db.all<Record<string, unknown>>(sqliteMessages(request, keys)))
      .map(messageFromRow)
      .filter((row) => prefixes.every((t) => hasWordStartingWith(row.body, t.text)))
      .slice(0, request.limit);
    return { rows, scannedTo: keys.length === SEARCH_SCAN_MAX ? keys[keys.length - 1] : null };
  }
}
