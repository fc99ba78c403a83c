import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, Limits } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, signupInput, uniqueUsername, type TestUser } from './support/factories';
import { expectApiError, expectHealthy } from './support/expectations';
import { snapshotOf } from './support/queries';

/** A JSON body above the 64 KiB limit that is otherwise a valid signup. */
const oversized = (extra: Record<string, unknown> = {}) => JSON.stringify({ ...signupInput(), displayName: 'x'.repeat(70 * 1024), ...extra });

describe.each(databaseKinds)('bad input on the auth routes (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let existing: TestUser;
  let snapshot: unknown;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    existing = await createUser(client);
  });
  beforeEach(async () => {
    snapshot = await snapshotOf(client, [existing]);
  });
  afterEach(async () => {
    await expectHealthy(server);
    expect(await snapshotOf(client, [existing])).toEqual(snapshot);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  /** The rejected signup left no account behind: where the username is valid, it can still be taken. */
  async function expectUsernameStillFree(username: unknown): Promise<void> {
    if (typeof username !== 'string') return;
    const validName = Limits.usernamePattern.test(username) && username.length >= Limits.usernameMin && username.length <= Limits.usernameMax;
    if (!validName) return;
    const res = await client.signup({ username, password: 'another-valid-password' });
    expect(res.status, `the rejected signup created ${username}: ${res.text}`).toBe(201);
  }

  const name = () => uniqueUsername('bad');
  const pw = 'a-valid-password';
  const signupCases: Array<[string, () => Record<string, unknown>, string[]]> = [
    ['empty object', () => ({}), ['username', 'password']],
    ['missing username', () => ({ password: pw }), ['username']],
    ['missing password', () => ({ username: name() }), ['password']],
    ['username a number', () => ({ username: 12345, password: pw }), ['username']],
    ['username an array', () => ({ username: [name()], password: pw }), ['username']],
    ['username null', () => ({ username: null, password: pw }), ['username']],
    ['username an object', () => ({ username: { $ne: '' }, password: pw }), ['username']],
    ['username a boolean', () => ({ username: true, password: pw }), ['username']],
    ['username too short', () => ({ username: 'ab', password: pw }), ['username']],
    ['username too long', () => ({ username: 'a'.repeat(Limits.usernameMax + 1), password: pw }), ['username']],
    ['username with a space', () => ({ username: 'al ice', password: pw }), ['username']],
    ['username with @', () => ({ username: 'al@ice', password: pw }), ['username']],
    ['username non-ASCII', () => ({ username: 'ålice', password: pw }), ['username']],
    ['username empty', () => ({ username: '', password: pw }), ['username']],
    ['password a number', () => ({ username: name(), password: 123456789 }), ['password']],
    ['password an array', () => ({ username: name(), password: [pw] }), ['password']],
    ['password null', () => ({ username: name(), password: null }), ['password']],
    ['password an object', () => ({ username: name(), password: { p: pw } }), ['password']],
    ['password too short', () => ({ username: name(), password: 'x'.repeat(Limits.passwordMin - 1) }), ['password']],
    ['password too long', () => ({ username: name(), password: 'x'.repeat(Limits.passwordMax + 1) }), ['password']],
    ['displayName a number', () => ({ username: name(), password: pw, displayName: 42 }), ['displayName']],
    ['displayName an array', () => ({ username: name(), password: pw, displayName: ['x'] }), ['displayName']],
    ['displayName too long', () => ({ username: name(), password: pw, displayName: 'd'.repeat(Limits.displayNameMax + 1) }), ['displayName']],
    ['an extra field', () => ({ username: name(), password: pw, isAdmin: true }), ['isAdmin']],
    ['an extra id field', () => ({ username: name(), password: pw, id: crypto.randomUUID() }), ['id']],
  ];

  it.each(signupCases)('signup with %s -> 400 naming the field, no account', async (_, make, fields) => {
    const body = make();
    const res = await client.signup(body);
    expectApiError(res, 400, ErrorCode.ValidationFailed, fields);
    // Error messages name the rule, never echo the password back.
    if (typeof body['password'] === 'string' && body['password'].length >= Limits.passwordMin - 1) expect(res.text).not.toContain(body['password']);
    await expectUsernameStillFree(body['username']);
  });

  const loginCases: Array<[string, Record<string, unknown>, string[]]> = [
    ['empty object', {}, ['username', 'password']],
    ['username a number', { username: 12345, password: pw }, ['username']],
    ['username an object', { username: { $gt: '' }, password: pw }, ['username']],
    ['password an array', { username: 'someone', password: [pw] }, ['password']],
    ['password null', { username: 'someone', password: null }, ['password']],
    ['an extra field', { username: 'someone', password: pw, remember: true }, ['remember']],
  ];

  it.each(loginCases)('login with %s -> 400 naming the field', async (_, body, fields) => {
    expectApiError(await client.login(body), 400, ErrorCode.ValidationFailed, fields);
  });

  it('a login with the right password but extra fields is still rejected', async () => {
    const res = await client.login({ username: existing.user.username, password: existing.password, admin: true });
    expectApiError(res, 400, ErrorCode.ValidationFailed, ['admin']);
  });

  it.each([
    ['truncated object', '{"username": "x", "password": '],
    ['not JSON at all', 'username=alice&password=secret'],
    ['single quotes', "{'username': 'alice'}"],
    ['trailing comma', '{"username": "alice",}'],
  ])('malformed JSON (%s) -> 400 MALFORMED_JSON on signup and login', async (_, raw) => {
    expectApiError(await client.api('/api/auth/signup', { method: 'POST', rawBody: raw }), 400, ErrorCode.MalformedJson);
    expectApiError(await client.api('/api/auth/login', { method: 'POST', rawBody: raw }), 400, ErrorCode.MalformedJson);
  });

  it.each([
    ['a JSON array', '[]'],
    ['a JSON array of a valid body', JSON.stringify([signupInput()])],
    ['a JSON string', '"alice"'],
    ['JSON null', 'null'],
    ['a JSON number', '42'],
    ['an empty body', ''],
  ])('a body that is %s -> 400, no account', async (_, raw) => {
    const res = await client.api('/api/auth/signup', { method: 'POST', rawBody: raw });
    expect(res.status, res.text).toBe(400);
    expect([ErrorCode.ValidationFailed, ErrorCode.MalformedJson]).toContain((res.body as { code: string }).code);
  });

  it('a JSON body above 64 KiB -> 413 PAYLOAD_TOO_LARGE, no account', async () => {
    const raw = oversized();
    const res = await client.api('/api/auth/signup', { method: 'POST', rawBody: raw });
    expectApiError(res, 413, ErrorCode.PayloadTooLarge);
    await expectUsernameStillFree((JSON.parse(raw) as { username: string }).username);
    expectApiError(await client.api('/api/auth/login', { method: 'POST', rawBody: oversized() }), 413, ErrorCode.PayloadTooLarge);
  });

  it('a refresh with a huge cookie is 401 (or 4xx), never a crash', async () => {
    const res = await client.refresh('x'.repeat(8 * 1024));
    expect(res.status, res.text).toBeGreaterThanOrEqual(400);
    expect(res.status, res.text).toBeLessThan(500);
  });

  it('the largest valid input is accepted (boundaries are inclusive)', async () => {
    const username = `${uniqueUsername('max')}${'x'.repeat(Limits.usernameMax)}`.slice(0, Limits.usernameMax);
    const res = await client.signup({ username, password: 'p'.repeat(Limits.passwordMax), displayName: 'd'.repeat(Limits.displayNameMax) });
    expect(res.status, res.text).toBe(201);
    const minimal = await client.signup({ username: uniqueUsername('m').slice(0, Limits.usernameMax), password: 'p'.repeat(Limits.passwordMin) });
    expect(minimal.status, minimal.text).toBe(201);
  });
});
