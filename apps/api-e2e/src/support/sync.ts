import type { Conversation, Message, SyncResponse } from '@parley/contract';
import type { ApiClient } from './http';
import type { TestUser } from './factories';

/** One `GET /api/sync` page; throws unless 200. */
export async function syncPage(client: ApiClient, user: TestUser, since?: string, limit?: number): Promise<SyncResponse> {
  const qs = new URLSearchParams();
  if (since !== undefined) qs.set('since', since);
  if (limit !== undefined) qs.set('limit', String(limit));
  const query = qs.size ? `?${qs}` : '';
  const res = await client.api<SyncResponse>(`/api/sync${query}`, { token: user.accessToken });
  if (res.status !== 200) throw new Error(`sync${query}: expected 200, got ${res.status} ${res.text}`);
  return res.body;
}

/** The current cursor (a sync without `since`). */
export async function currentCursor(client: ApiClient, user: TestUser): Promise<string> {
  return (await syncPage(client, user)).cursor;
}

/** Everything a device learns by following `hasMore` from `since`, page by page, as it arrived. */
export interface DrainedSync {
  pages: SyncResponse[];
  /** Every page's messages, concatenated in the order received. */
  messages: Message[];
  /** The last state received of each conversation (a later page's copy replaces an earlier one). */
  conversations: Map<string, Conversation>;
  /** Every page's removedConversationIds, concatenated. */
  removedConversationIds: string[];
  /** The cursor of the last page (hasMore false). */
  cursor: string;
}

/** Follows the cursor until `hasMore` is false; fails after `maxPages` pages (a cursor that never advances). */
export async function drainSync(client: ApiClient, user: TestUser, since: string, limit?: number, maxPages = 200): Promise<DrainedSync> {
  const drained: DrainedSync = { pages: [], messages: [], conversations: new Map(), removedConversationIds: [], cursor: since };
  for (;;) {
    if (drained.pages.length >= maxPages) throw new Error(`sync did not finish within ${maxPages} pages from ${since} (limit ${limit})`);
    const page = await syncPage(client, user, drained.cursor, limit);
    drained.pages.push(page);
    drained.messages.push(...page.messages);
    for (const c of page.conversations) drained.conversations.set(c.id, c);
    drained.removedConversationIds.push(...page.removedConversationIds);
    drained.cursor = page.cursor;
    if (!page.hasMore) return drained;
  }
}
