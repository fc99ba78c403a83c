import type { AuthResponse, Conversation, SyncResponse } from '@parley/contract';
import { Device } from './device';
import type { ChaosOptions } from './options';
import { Random } from './random';

export interface SimUser {
  id: string;
  name: string;
  devices: Device[];
  conversations: string[];
}

const PASSWORD = 'chaos-password-1';

async function call<T>(base: string, path: string, init: { token?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Users (each with 1..options.devices logged-in devices) and direct conversations between them,
 * every user in at least `peers` of them. Done before the chaos, against a healthy cluster.
 */
export async function createPopulation(options: ChaosOptions, base: string, servers: () => string[], random: Random): Promise<SimUser[]> {
  const users: SimUser[] = [];
  const tokens: string[][] = [];
  for (let i = 0; i < options.users; i++) {
    const name = `chaos${String(i).padStart(3, '0')}`;
    const signup = await call<AuthResponse>(base, '/api/auth/signup', { body: { username: name, password: PASSWORD } });
    const deviceTokens = [signup.accessToken];
    const extra = random.int(0, options.devices - 1);
    for (let d = 0; d < extra; d++) {
      deviceTokens.push((await call<AuthResponse>(base, '/api/auth/login', { body: { username: name, password: PASSWORD } })).accessToken);
    }
    users.push({ id: signup.user.id, name, devices: [], conversations: [] });
    tokens.push(deviceTokens);
  }

  const peers = Math.min(options.peers, users.length - 1);
  const linked = new Set<string>();
  for (const [i, user] of users.entries()) {
    while (user.conversations.length < peers) {
      const j = random.int(0, users.length - 1);
      const key = [i, j].sort().join('-');
      if (j === i || linked.has(key)) continue;
      linked.add(key);
      const conversation = await call<Conversation>(base, '/api/conversations', { token: tokens[i][0], body: { memberIds: [users[j].id] } });
      user.conversations.push(conversation.id);
      users[j].conversations.push(conversation.id);
    }
  }

  for (const [i, user] of users.entries()) {
    for (const [d, token] of tokens[i].entries()) {
      // The device's starting point in the stream: before any message, so it must end up with all of them.
      const { cursor } = await call<SyncResponse>(base, '/api/sync', { token });
      user.devices.push(new Device(`${user.name}d${d + 1}`, user.id, token, cursor, servers, new Random(random.int(1, 2 ** 31))));
    }
  }
  return users;
}
