import { randomBytes } from 'node:crypto';
import type {
  AddMembersRequest,
  Conversation,
  CreateConversationRequest,
  MarkReadRequest,
  MuteConversationRequest,
  ReadMarker,
  RenameConversationRequest,
} from '@parley/contract';
import type { ApiClient, ApiResponse } from './http';
import type { TestUser } from './factories';

/** Contract-typed factories for the v2 group and read-state routes; each throws on anything but its success status. */

function expectStatus<T>(what: string, res: ApiResponse<T>, ...statuses: number[]): T {
  if (!statuses.includes(res.status)) throw new Error(`${what}: expected ${statuses.join('/')}, got ${res.status} ${res.text}`);
  return res.body;
}

export function groupTitle(label = 'group'): string {
  return `${label} ${randomBytes(3).toString('hex')}`;
}

/** `creator` creates a group with `others` (two or more): 201 and the new conversation. */
export async function createGroup(client: ApiClient, creator: TestUser, others: TestUser[], title = groupTitle()): Promise<Conversation> {
  const body: CreateConversationRequest = { memberIds: others.map((u) => u.user.id), title };
  return expectStatus('create group', await client.api<Conversation>('/api/conversations', { token: creator.accessToken, body }), 201);
}

export async function renameGroup(client: ApiClient, actor: TestUser, conversationId: string, title: string): Promise<Conversation> {
  const body: RenameConversationRequest = { title };
  const res = await client.api<Conversation>(`/api/conversations/${conversationId}`, { token: actor.accessToken, method: 'PATCH', body });
  return expectStatus('rename group', res, 200);
}

export async function addMembers(client: ApiClient, actor: TestUser, conversationId: string, users: TestUser[]): Promise<Conversation> {
  const body: AddMembersRequest = { userIds: users.map((u) => u.user.id) };
  const res = await client.api<Conversation>(`/api/conversations/${conversationId}/members`, { token: actor.accessToken, body });
  return expectStatus('add members', res, 200);
}

/** Removes `userId` (the actor's own id: leaves). */
export async function removeMember(client: ApiClient, actor: TestUser, conversationId: string, userId: string): Promise<void> {
  const res = await client.api(`/api/conversations/${conversationId}/members/${userId}`, { token: actor.accessToken, method: 'DELETE' });
  expectStatus('remove member', res, 204);
}

export function leaveGroup(client: ApiClient, user: TestUser, conversationId: string): Promise<void> {
  return removeMember(client, user, conversationId, user.user.id);
}

/** `POST /api/conversations/:id/read {seq}` → the marker after the call. */
export async function markRead(client: ApiClient, user: TestUser, conversationId: string, seq: number): Promise<ReadMarker> {
  const body: MarkReadRequest = { seq };
  const res = await client.api<ReadMarker>(`/api/conversations/${conversationId}/read`, { token: user.accessToken, body });
  return expectStatus('mark read', res, 200);
}

export async function getConversation(client: ApiClient, user: TestUser, conversationId: string): Promise<Conversation> {
  return expectStatus('get conversation', await client.api<Conversation>(`/api/conversations/${conversationId}`, { token: user.accessToken }), 200);
}

/** Sorted member ids, for comparing memberships regardless of order. */
export function memberIdsOf(conversation: Pick<Conversation, 'members'>): string[] {
  return conversation.members.map((m) => m.id).sort();
}

export function idsOf(users: TestUser[]): string[] {
  return users.map((u) => u.user.id).sort();
}

/** The caller's read marker in a conversation, or undefined when the caller has none listed. */
export function lastReadSeqOf(conversation: Pick<Conversation, 'readState'>, user: TestUser): number | undefined {
  return conversation.readState.find((r) => r.userId === user.user.id)?.lastReadSeq;
}

/** `PUT /api/conversations/:id/mute {muted}` → the raw response (tests check the status). */
export function putMute(client: ApiClient, user: TestUser, conversationId: string, body: unknown): Promise<ApiResponse<Conversation>> {
  return client.api<Conversation>(`/api/conversations/${conversationId}/mute`, { token: user.accessToken, method: 'PUT', body });
}

/** Mutes or unmutes; throws unless 200. */
export async function setMuted(client: ApiClient, user: TestUser, conversationId: string, muted: MuteConversationRequest['muted']): Promise<Conversation> {
  return expectStatus('mute', await putMute(client, user, conversationId, { muted } satisfies MuteConversationRequest), 200);
}
