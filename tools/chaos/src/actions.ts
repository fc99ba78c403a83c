import { ErrorCode, type Message } from '@parley/contract';
import type { Device } from './device';
import { request } from './http';
import { Random } from './random';

export type ActionKind = 'edit' | 'delete' | 'react' | 'unreact' | 'reply';
export const ACTION_KINDS: readonly ActionKind[] = ['edit', 'delete', 'react', 'unreact', 'reply'];
/** A few emoji, so devices pile onto the same ones (and take them back) rather than spread thin. */
export const CHAOS_EMOJI = ['👍', '🎉', '❤️', '😂', '👨‍👩‍👧'] as const;

export interface ActionLog {
  performed: Record<ActionKind, number>;
  /** Refusals a person can also get (a message deleted meanwhile: 409; removed from the group: 404), by kind and code. */
  refused: Record<string, number>;
  /** Calls that never got an answer on any process (network errors, 5xx throughout the chaos). */
  failed: number;
  /** Refusals no person should get (a 400 for a valid emoji, a 403 on one's own message): failures. */
  unexpected: string[];
}

export const newActionLog = (): ActionLog => ({ performed: { edit: 0, delete: 0, react: 0, unreact: 0, reply: 0 }, refused: {}, failed: 0, unexpected: [] });

/** Expected refusals: the message was deleted (409) or the device was removed (404) between its view and the call. */
const EXPECTED_REFUSALS: ReadonlySet<string> = new Set([ErrorCode.MessageDeleted, ErrorCode.NotFound]);

/**
 * One action of a person on a message their device shows: mostly reactions (and taking one back),
 * some replies and edits of their own, a few deletions. The answer goes through the device's merge;
 * every other device learns of it from `message:updated` or, if it missed that, from sync.
 */
export async function performAction(device: Device, token: string, servers: () => string[], random: Random, log: ActionLog): Promise<void> {
  const roll = random.next();
  const kind: ActionKind = roll < 0.35 ? 'react' : roll < 0.5 ? 'unreact' : roll < 0.7 ? 'reply' : roll < 0.9 ? 'edit' : 'delete';
  const own = (m: Message) => m.senderId === device.userId;
  const reactedTo = (m: Message) => m.reactions.some((r) => r.userIds.includes(device.userId));
  const target = device.pickMessage(random, kind === 'edit' || kind === 'delete' ? own : kind === 'unreact' ? reactedTo : undefined);
  if (!target) return;
  const path = `/api/conversations/${target.conversationId}/messages/${target.id}`;
  if (kind === 'reply') {
    device.outbox.enqueue(target.conversationId, `chaos reply from ${device.name} to #${target.seq}`, target.id);
    log.performed.reply++;
    return;
  }
  let call: { method: 'PATCH' | 'DELETE' | 'PUT'; path: string; body?: unknown };
  if (kind === 'edit') call = { method: 'PATCH', path, body: { body: `${target.body.replace(/ \(edit \d+\)$/, '')} (edit ${target.version + 1})` } };
  else if (kind === 'delete') call = { method: 'DELETE', path };
  else if (kind === 'react') call = { method: 'PUT', path: `${path}/reactions/${encodeURIComponent(random.pick([...CHAOS_EMOJI]))}` };
  else {
    const mine = target.reactions.filter((r) => r.userIds.includes(device.userId));
    if (!mine.length) return;
    call = { method: 'DELETE', path: `${path}/reactions/${encodeURIComponent(random.pick(mine).emoji)}` };
  }
  const answer = await send(call, token, servers, random);
  if (answer === undefined) {
    log.failed++;
    return;
  }
  if (answer.status < 300) {
    log.performed[kind]++;
    if (answer.body) device.applyAnswer(answer.body);
    return;
  }
  const code = (answer.body as unknown as { code?: string } | undefined)?.code ?? String(answer.status);
  if (!EXPECTED_REFUSALS.has(code)) {
    if (log.unexpected.length < 15) log.unexpected.push(`unexpected refusal: ${device.name} ${kind} ${call.method} ${call.path}: ${answer.status} ${code}`);
    return;
  }
  log.refused[`${kind}:${code}`] = (log.refused[`${kind}:${code}`] ?? 0) + 1;
}

/** Through a random live process; a network error or a 5xx (a process being killed) is tried elsewhere. */
async function send(
  call: { method: 'PATCH' | 'DELETE' | 'PUT'; path: string; body?: unknown },
  token: string,
  servers: () => string[],
  random: Random,
): Promise<{ status: number; body: Message | undefined } | undefined> {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const reply = await request<Message | undefined>(random.pick(servers()), call.path, { method: call.method, token, body: call.body ?? (call.method === 'PUT' ? {} : undefined), timeoutMs: 5_000 });
      if (reply.status < 500) return reply;
    } catch {
      // Killed or restarting: another process.
    }
    await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
  }
  return undefined;
}
