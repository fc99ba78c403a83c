import type { AuthResponse, Conversation, SyncResponse } from '@parley/contract';
import { Device } from './device';
import { call } from './http';
import type { ChaosOptions } from './options';
import { Random } from './random';

export interface SimUser {
  id: string;
  name: string;
  /** The first device's token, for the harness's own calls on this user's behalf (membership changes, the final truth). */
  token: string;
  devices: Device[];
  /** The direct conversations made at the start (groups are in Group). */
  conversations: string[];
}

export interface Group {
  id: string;
  /** Never leaves nor is removed, so the harness can always read the group's state through them. */
  creator: SimUser;
  title: string;
  /** Users who left or were removed at some point: the candidates to add back. */
  former: Set<string>;
}

const PASSWORD = 'chaos-password-1';

/**
 * Users (each with 1..options.devices logged-in devices), direct conversations between them (every
 * user in at least `peers`) and `groups` groups of 3–5 members. Done before the chaos, against a
 * healthy cluster.
 */
export async function createPopulation(
  options: ChaosOptions,
  base: string,
  servers: () => string[],
  random: Random,
): Promise<{ users: SimUser[]; groups: Group[] }> {
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
    users.push({ id: signup.user.id, name, token: signup.accessToken, devices: [], conversations: [] });
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
      user.devices.push(new Device(`${user.name}d${d + 1}`, user.id, token, cursor, servers, new Random(random.int(1, 2 ** 31)), options.syncPage));
    }
  }

  // Groups after the cursors: their creation is part of what every device must catch up on.
  const groups: Group[] = [];
  const groupSize = Math.min(5, users.length);
  for (let g = 0; g < options.groups && groupSize >= 3; g++) {
    const members = shuffle(users, random).slice(0, random.int(3, groupSize));
    const [creator, ...others] = members;
    const title = `chaos group ${g + 1}`;
    const group = await call<Conversation>(base, '/api/conversations', { token: creator.token, body: { memberIds: others.map((u) => u.id), title } });
    groups.push({ id: group.id, creator, title, former: new Set() });
  }

  for (const device of users.flatMap((u) => u.devices)) await device.loadConversations(base);
  return { users, groups };
}

function shuffle<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
