import { Inject, Injectable } from '@nestjs/common';
import { Limits, type SearchResponse } from '@parley/contract';
import { DomainError } from '../../common/domain-error';
import { SQL_EXECUTOR, type SqlExecutor } from '../../database/sql/executor';
import { SearchQueryDto } from '../dto/search.query';
import { MembershipService } from '../membership.service';
import { MessagePresenter } from '../message-presenter';
import { messageFromRow } from '../stream/message-rows';
import { MAX_TERMS, parseSearch } from './search-query';
import { searchStatement } from './search-statements';
import { snippet } from './snippet';

/** Message search: one indexed statement per page, membership checked by the statement itself. */
@Injectable()
export class SearchService {
  constructor(
    @Inject(SQL_EXECUTOR) private readonly db: SqlExecutor,
    private readonly membership: MembershipService,
    private readonly presenter: MessagePresenter,
  ) {}

  async search(userId: string, query: SearchQueryDto): Promise<SearchResponse> {
    const terms = parseSearch(query.q);
    if (!terms.length) throw DomainError.validation([{ field: 'q', message: 'must contain a letter or a digit' }]);
    if (terms.length > MAX_TERMS) throw DomainError.validation([{ field: 'q', message: `must have at most ${MAX_TERMS} words or phrases` }]);
    if (query.conversationId) await this.membership.requireMember(query.conversationId, userId);
    const limit = query.limit ?? Limits.searchPageDefault;
    const before = query.before === undefined ? undefined : Number(query.before);
    const rows = (
      await this.db.all<Record<string, unknown>>(
        searchStatement(this.db.dialect, { userId, terms, conversationId: query.conversationId, before, limit: limit + 1 }),
      )
    ).map(messageFromRow);
    const page = rows.slice(0, limit);
    const messages = await this.presenter.present(page);
    return {
      items: messages.map((message) => ({ message, conversationId: message.conversationId, snippet: snippet(message.body, terms) })),
      nextCursor: rows.length > limit ? String(page[page.length - 1].searchKey) : null,
    };
  }
}
