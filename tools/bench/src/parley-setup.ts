/** The REST calls that prepare Parley for a run: users and their direct conversations or groups (not timed). */
import { randomBytes } from 'node:crypto';
import type { AuthResponse, Conversation, CreateConversationRequest } from '@parley/contract';
import type { LoadGroup } from './bench-types';

const PASSWORD = 'bench-password-1';
/** argon2 hashing is CPU-bound: a few signups at a time. */
const SIGNUP_CONCURRENCY = 4;

export async function post<T>(url: string, path: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, k) => make(i + k)))));
  }
  return out;
}

const member = (user: AuthResponse) => ({ userId: user.user.id, auth: { token: user.accessToken } });

/**
 * `groupCount` conversations of `groupSize` new users each, opened by their sender: a direct
 * conversation for 2, a group (the contract's `memberIds` plus a title) for more.
 */
export async function createGroups(url: string, groupCount: number, groupSize: number): Promise<LoadGroup[]> {
  const tag = randomBytes(4).toString('hex');
  const users = await inBatches(groupCount * groupSize, SIGNUP_CONCURRENCY, (i) =>
    post<AuthResponse>(url, '/api/auth/signup', { username: `bench_${tag}_${i}`, password: PASSWORD }),
  );
  return inBatches(groupCount, SIGNUP_CONCURRENCY * 4, async (i) => {
    const [sender, ...recipients] = users.slice(i * groupSize, (i + 1) * groupSize);
    const request: CreateConversationRequest = { memberIds: recipients.map((r) => r.user.id), ...(groupSize > 2 ? { title: `bench ${i}` } : {}) };
    const conversation = await post<Conversation>(url, '/api/conversations', request, sender.accessToken);
    return { sender: member(sender), recipients: recipients.map(member), conversationId: conversation.id };
  });
}
