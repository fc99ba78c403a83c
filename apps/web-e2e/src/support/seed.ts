import type { AuthResponse } from '@parley/contract';
import type { Person } from './chat-page';

export interface SeededUser {
  id: string;
  post<T = unknown>(path: string, body: unknown): Promise<T>;
  get<T = unknown>(path: string): Promise<T>;
}

/** Creates a user through the public API (for test data that would be slow to type in a browser). */
export async function seedUser(baseUrl: string, person: Person): Promise<SeededUser> {
  const signup = await fetch(`${baseUrl}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: person.username, password: person.password, displayName: person.displayName }),
  });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${await signup.text()}`);
  const { accessToken, user } = (await signup.json()) as AuthResponse;
  return {
    id: user.id,
    async post<T>(path: string, body: unknown): Promise<T> {
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`POST ${path} failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async get<T>(path: string): Promise<T> {
      const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
      if (!response.ok) throw new Error(`GET ${path} failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}
