import { expect } from 'vitest';
import type { ApiErrorBody, ErrorCode, FieldError } from '@parley/contract';
import { ApiClient, type ApiResponse } from './http';
import type { TestServer } from './server';

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
