import type { Conversation, Message, SearchResponse, SyncResponse } from '@parley/contract';
import { newClientMessageId, type TestUser } from './factories';
import type { ApiClient, ApiResponse } from './http';

/** Typed calls for the v2 message actions, search, groups and profiles; every one returns the raw response. */
export class ActionsApi {
  constructor(private readonly client: ApiClient) {}

  private path(conversationId: string, messageId: string, emoji?: string): string {
    const base = `/api/conversations/${conversationId}/messages/${messageId}`;
    return emoji === undefined ? base : `${base}/reactions/${encodeURIComponent(emoji)}`;
  }

  edit(user: TestUser, conversationId: string, messageId: string, body: unknown): Promise<ApiResponse<Message>> {
    return this.client.api<Message>(this.path(conversationId, messageId), { method: 'PATCH', token: user.accessToken, body: { body } });
  }

  remove(user: TestUser, conversationId: string, messageId: string): Promise<ApiResponse<undefined>> {
    return this.client.api<undefined>(this.path(conversationId, messageId), { method: 'DELETE', token: user.accessToken });
  }

  react(user: TestUser, conversationId: string, messageId: string, emoji: string): Promise<ApiResponse<Message>> {
    return this.client.api<Message>(this.path(conversationId, messageId, emoji), { method: 'PUT', token: user.accessToken });
  }

  unreact(user: TestUser, conversationId: string, messageId: string, emoji: string): Promise<ApiResponse<Message>> {
    return this.client.api<Message>(this.path(conversationId, messageId, emoji), { method: 'DELETE', token: user.accessToken });
  }

  reply(user: TestUser, conversationId: string, replyToId: string, body = `re ${newClientMessageId().slice(0, 8)}`): Promise<ApiResponse<Message>> {
    return this.client.api<Message>(`/api/conversations/${conversationId}/messages`, {
      token: user.accessToken,
      body: { body, clientMessageId: newClientMessageId(), replyToId },
    });
  }

  search(user: TestUser, params: Record<string, string>): Promise<ApiResponse<SearchResponse>> {
    return this.client.api<SearchResponse>(`/api/search?${new URLSearchParams(params)}`, { token: user.accessToken });
  }

  createGroup(creator: TestUser, others: TestUser[], title: string): Promise<ApiResponse<Conversation>> {
    return this.client.api<Conversation>('/api/conversations', { token: creator.accessToken, body: { memberIds: others.map((u) => u.user.id), title } });
  }

  removeMember(actor: TestUser, conversationId: string, userId: string): Promise<ApiResponse<undefined>> {
    return this.client.api<undefined>(`/api/conversations/${conversationId}/members/${userId}`, { method: 'DELETE', token: actor.accessToken });
  }

  /** Follows `hasMore` from `since`, returning every page's messages merged by id (highest version wins), two per page and the last cursor. */
  async syncFrom(user: TestUser, since: string): Promise<{ messages: Map<string, Message>; pages: SyncResponse[]; cursor: string }> {
    const messages = new Map<string, Message>();
    const pages: SyncResponse[] = [];
    let cursor = since;
    for (let guard = 0; guard < 100; guard++) {
      const res = await this.client.api<SyncResponse>(`/api/sync?since=${cursor}&limit=2`, { token: user.accessToken });
      if (res.status !== 200) throw new Error(`sync: ${res.status} ${res.text}`);
      pages.push(res.body);
      for (const m of res.body.messages) if ((messages.get(m.id)?.version ?? 0) < m.version) messages.set(m.id, m);
      cursor = res.body.cursor;
      if (!res.body.hasMore) break;
    }
    return { messages, pages, cursor };
  }

  async cursorOf(user: TestUser): Promise<string> {
    const res = await this.client.api<SyncResponse>('/api/sync', { token: user.accessToken });
    return res.body.cursor;
  }
}

/** Fails with the response text unless the status is the expected one; returns the body. */
export function expectStatus<T>(res: ApiResponse<T>, status: number): T {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${res.text}`);
  return res.body;
}
