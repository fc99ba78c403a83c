import { expect } from 'vitest';
import { ErrorCode, MessageKind, SocketEvent, type ApiErrorBody, type Conversation, type FieldError, type Message, type Page, type SystemEvent } from '@parley/contract';
import { newClientMessageId, type TestUser } from './factories';
import { ApiClient, type ApiResponse } from './http';
import type { TestServer } from './server';
import { sendMessage, sendReadMarker, waitForEvent, type ClientSocket } from './socket';

/** `field` matches itself and its nested paths (`memberIds` matches `memberIds.0`). */
function namesField(details: FieldError[] | undefined, field: string): boolean {
  return (details ?? []).some((d) => d.field === field || d.field.startsWith(`${field}.`) || d.field.startsWith(`${field}[`));
}

/** The contract's error envelope with this status and code, and (for validation) a detail naming each field. */
export function expectApiError(res: ApiResponse, status: number, code: ErrorCode, fields: string[] = []): void {
  const context = `${status} ${code} ${fields.join(',')} <- got ${res.status} ${res.text.slice(0, 500)}`;
  expect(res.status, context).toBe(status);
  const body = res.body as ApiErrorBody;
  expect(body, context).toMatchObject({ statusCode: status, code });
  expect(typeof body.message, context).toBe('string');
  expect(typeof body.error, context).toBe('string');
  for (const field of fields) {
    expect(namesField(body.details, field), `details should name "${field}": ${context}`).toBe(true);
  }
}

/** A socket error ack: `{ok:false, error:{code, message, details?}}` naming each field. */
export function expectAckError(ack: unknown, code: ErrorCode, fields: string[] = []): void {
  const context = `${code} ${fields.join(',')} <- got ${JSON.stringify(ack)?.slice(0, 500)}`;
  expect(ack, context).toMatchObject({ ok: false, error: { code } });
  const error = (ack as { error: { message: unknown; details?: FieldError[] } }).error;
  expect(typeof error.message, context).toBe('string');
  for (const field of fields) expect(namesField(error.details, field), `details should name "${field}": ${context}`).toBe(true);
}

/** The same process is still up and answers readiness. */
export async function expectHealthy(server: TestServer, pid = server.pid): Promise<void> {
  expect(server.isRunning(), `server process exited; last output:\n${server.logs().slice(-4000)}`).toBe(true);
  expect(server.pid).toBe(pid);
  const res = await new ApiClient(server).health();
  expect(res.status, res.text).toBe(200);
}

/** No key that looks like a password or hash, and none of the given secret strings anywhere in the JSON. */
export function expectNoSecrets(body: unknown, secrets: string[]): void {
  const text = JSON.stringify(body) ?? '';
  for (const s of secrets) expect(text.includes(s), `response leaks a secret: ${text.slice(0, 300)}`).toBe(false);
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, child] of Object.entries(v)) {
        expect(k, `response has a secret-looking key: ${text.slice(0, 300)}`).not.toMatch(/pass|hash|salt/i);
        walk(child);
      }
  };
  walk(body);
}

/**
 * A server-written system line with exactly this content at this seq: empty body, the actor as sender,
 * version 1. `userIds` are compared as a set (the server may list them in any order).
 */
export function expectSystemMessage(actual: Message | undefined, conversationId: string, seq: number, system: SystemEvent): void {
  const sorted = (m: Message | undefined) =>
    m?.system?.userIds ? { ...m, system: { ...m.system, userIds: [...m.system.userIds].sort() } } : m;
  const want: SystemEvent = system.userIds ? { ...system, userIds: [...system.userIds].sort() } : system;
  expect(sorted(actual), `system message ${system.type} at seq ${seq}`).toEqual({
    id: expect.any(String),
    conversationId,
    senderId: system.actorId,
    body: '',
    clientMessageId: expect.any(String),
    seq,
    createdAt: expect.any(String),
    kind: MessageKind.System,
    system: want,
    version: 1,
    editedAt: null,
    deletedAt: null,
    replyTo: null,
    reactions: [],
    attachments: [],
  });
}

/**
 * `user` (e.g. just removed, or never a member) is refused everything about the conversation, exactly
 * like for one that does not exist: 404 on every route, NOT_FOUND acks on the socket, absent from the list.
 */
export async function expectNoAccess(client: ApiClient, user: TestUser, socket: ClientSocket, conversationId: string): Promise<void> {
  const token = user.accessToken;
  const path = `/api/conversations/${conversationId}`;
  expectApiError(await client.api(path, { token }), 404, ErrorCode.NotFound);
  expectApiError(await client.api(`${path}/messages`, { token }), 404, ErrorCode.NotFound);
  expectApiError(await client.api(`${path}/messages?after=0`, { token }), 404, ErrorCode.NotFound);
  expectApiError(await client.api(`${path}/messages`, { token, body: { body: 'still here?', clientMessageId: newClientMessageId() } }), 404, ErrorCode.NotFound);
  expectApiError(await client.api(`${path}/read`, { token, body: { seq: 1 } }), 404, ErrorCode.NotFound);
  expectApiError(await client.api(path, { token, method: 'PATCH', body: { title: 'mine now' } }), 404, ErrorCode.NotFound);
  expectApiError(await client.api(`${path}/members`, { token, body: { userIds: [user.user.id] } }), 404, ErrorCode.NotFound);
  expectApiError(await client.api(`${path}/members/${user.user.id}`, { token, method: 'DELETE' }), 404, ErrorCode.NotFound);
  expectAckError(await sendMessage(socket, { conversationId, body: 'still here?', clientMessageId: newClientMessageId() }), ErrorCode.NotFound);
  expectAckError(await sendReadMarker(socket, { conversationId, seq: 1 }), ErrorCode.NotFound);
  const list = await client.api<Page<Conversation>>('/api/conversations?limit=100', { token });
  expect(list.status, list.text).toBe(200);
  expect(list.body.items.map((c) => c.id)).not.toContain(conversationId);
}

/** Every one of these sockets receives exactly this message as `message:new`. */
export async function expectDelivered(message: Message, sockets: ClientSocket[], timeoutMs?: number): Promise<void> {
  for (const s of sockets) expect(await waitForEvent(s, SocketEvent.MessageNew, (m) => m.id === message.id, timeoutMs)).toEqual(message);
}
