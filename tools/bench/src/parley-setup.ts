/** The REST calls that prepare Parley for a run: users and their direct conversations (not timed). */
import { randomBytes } from 'node:crypto';
import type { AuthResponse, Conversation } from '@parley/contract';
import type { Pair } from './bench-types';

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

export async function createPairs(url: string, pairCount: number): Promise<Pair[]> {
  const tag = randomBytes(4).toString('hex');
  const users = await inBatches(pairCount * 2, SIGNUP_CONCURRENCY, (i) =>
    post<AuthResponse>(url, '/api/auth/signup', { username: `bench_${tag}_${i}`, password: PASSWORD }),
  );
  return inBatches(pairCount, SIGNUP_CONCURRENCY * 4, async (i) => {
    const [sender, recipient] = [users[2 * i], users[2 * i + 1]];
    const conversation = await post<Conversation>(url, '/api/conversations', { memberIds: [recipient.user.id] }, sender.accessToken);
    return {
      sender: { userId: sender.user.id, auth: { token: sender.accessToken } },
      recipient: { userId: recipient.user.id, auth: { token: recipient.accessToken } },
      conversationId: conversation.id,
    };
  });
}
