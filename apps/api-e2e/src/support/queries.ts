import { Limits, type Conversation, type Message, type MessagePage, type Page, type User } from '@parley/contract';
import type { ApiClient, ApiResponse } from './http';
import type { TestUser } from './factories';
import { withoutPresence } from './presence';

function ok<T>(what: string, res: ApiResponse<T>): T {
  if (res.status !== 200) throw new Error(`${what}: expected 200, got ${res.status} ${res.text}`);
  return res.body;
}

/** Every message of a conversation, walking back from the latest page with `before`; returned in ascending seq. */
export async function listAllMessages(client: ApiClient, token: string, conversationId: string, limit: number = Limits.messagesPageMax): Promise<Message[]> {
  const pages: Message[][] = [];
  let before: number | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const qs = new URLSearchParams({ limit: String(limit) });
    if (before !== undefined) qs.set('before', String(before));
    const page = ok('list messages', await client.api<MessagePage>(`/api/conversations/${conversationId}/messages?${qs}`, { token }));
    pages.unshift(page.items);
    if (!page.hasMore || page.items.length === 0) break;
    before = page.items[0].seq;
  }
  return pages.flat();
}

/** Every item of a cursor-paged list (users, conversations), following `nextCursor`. */
export async function listAllPages<T>(client: ApiClient, token: string, path: string, params: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const qs = new URLSearchParams(params);
    if (cursor) qs.set('cursor', cursor);
    const page: Page<T> = ok(`list ${path}`, await client.api<Page<T>>(`${path}?${qs}`, { token }));
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}

export function listAllUsers(client: ApiClient, token: string, params: Record<string, string> = {}): Promise<User[]> {
  return listAllPages<User>(client, token, '/api/users', params);
}

export function listAllConversations(client: ApiClient, token: string, params: Record<string, string> = {}): Promise<Conversation[]> {
  return listAllPages<Conversation>(client, token, '/api/conversations', params);
}

/**
 * What the given users can see of the stored state: themselves, their conversations and every message in them.
 * Compared before and after rejected requests to prove nothing stored changed. Presence (online, status,
 * lastSeenAt) is left out: it follows the tests' sockets coming and going, not the requests.
 */
export async function snapshotOf(client: ApiClient, users: TestUser[]): Promise<unknown> {
  const result: Record<string, unknown> = {};
  for (const u of users) {
    const { online: _online, lastSeenAt: _lastSeenAt, status: _status, ...me } = ok('me', await client.api<User>('/api/users/me', { token: u.accessToken }));
    const conversations = (await listAllConversations(client, u.accessToken)).map(withoutPresence);
    const messages: Record<string, Message[]> = {};
    for (const c of conversations) messages[c.id] = await listAllMessages(client, u.accessToken, c.id);
    result[u.user.id] = { me, conversations, messages };
  }
  return result;
}
