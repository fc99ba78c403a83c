import { randomBytes, randomUUID } from 'node:crypto';
import type { AuthResponse, Conversation, Message, SignupRequest, User } from '@parley/contract';
import { ApiClient, refreshCookieOf, type ApiResponse } from './http';

let counter = 0;

/** A short random lower-case tag, unique enough to be a search prefix no other test shares. */
export function uniqueTag(length = 8): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  // Starts with a letter so it is a readable name prefix.
  return 'q' + Array.from(bytes.subarray(1), (b) => alphabet[b % alphabet.length]).join('');
}

/** A valid, lower-case username unique per call: `<prefix>_<tag><n>`, at most 32 characters. */
export function uniqueUsername(prefix = 'user'): string {
  counter += 1;
  return `${prefix.slice(0, 12)}_${uniqueTag(8)}${counter}`.slice(0, 32);
}

export function signupInput(overrides: Partial<SignupRequest> = {}): SignupRequest & { password: string } {
  return {
    username: uniqueUsername(),
    password: `pw-${randomBytes(9).toString('base64url')}`,
    ...overrides,
  } as SignupRequest & { password: string };
}

export function newClientMessageId(): string {
  return randomUUID();
}

/** A signed-up user as the tests hold it: the credentials they chose and what the server returned. */
export interface TestUser {
  user: User;
  password: string;
  accessToken: string;
  /** The value of the refresh cookie set at signup. */
  refreshCookie: string;
}

function fail(what: string, res: ApiResponse): never {
  throw new Error(`${what}: expected success, got ${res.status} ${res.text}`);
}

export async function createUser(client: ApiClient, overrides: Partial<SignupRequest> = {}): Promise<TestUser> {
  const input = signupInput(overrides);
  const res = await client.signup(input);
  if (res.status !== 201) fail(`signup ${input.username}`, res);
  const cookie = refreshCookieOf(res);
  return { user: res.body.user, password: input.password, accessToken: res.body.accessToken, refreshCookie: cookie?.value ?? '' };
}

export async function createUsers(client: ApiClient, n: number, prefix = 'user'): Promise<TestUser[]> {
  const users: TestUser[] = [];
  // Sequential on purpose: argon2 is CPU-bound and the machine is shared.
  for (let i = 0; i < n; i++) users.push(await createUser(client, { username: uniqueUsername(prefix) }));
  return users;
}

export async function loginAs(client: ApiClient, username: string, password: string): Promise<ApiResponse<AuthResponse>> {
  return client.login({ username, password });
}

/** Opens (or gets) the direct conversation of `a` with `b`. */
export async function openConversation(client: ApiClient, a: TestUser, b: TestUser): Promise<Conversation> {
  const res = await client.api<Conversation>('/api/conversations', { token: a.accessToken, body: { memberIds: [b.user.id] } });
  if (res.status !== 201 && res.status !== 200) fail('open conversation', res);
  return res.body;
}

export async function postMessage(
  client: ApiClient,
  sender: TestUser,
  conversationId: string,
  body = `hello ${randomBytes(4).toString('hex')}`,
  clientMessageId = newClientMessageId(),
): Promise<Message> {
  const res = await client.api<Message>(`/api/conversations/${conversationId}/messages`, {
    token: sender.accessToken,
    body: { body, clientMessageId },
  });
  if (res.status !== 201) fail('post message', res);
  return res.body;
}

/** Sends `n` messages one after another (so their order is known). */
export async function postMessages(client: ApiClient, sender: TestUser, conversationId: string, n: number, label = 'm'): Promise<Message[]> {
  const sent: Message[] = [];
  for (let i = 1; i <= n; i++) sent.push(await postMessage(client, sender, conversationId, `${label} ${i}`));
  return sent;
}
