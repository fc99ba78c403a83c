import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@parley/contract';
import { expectApiError } from './support/expectations';
import { signupInput } from './support/factories';
import { ApiClient } from './support/http';
import { startServer, type TestServer } from './support/server';

describe('display names are plain visible text', () => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite' });
    client = new ApiClient(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it.each([
    ['a bidi override', 'Ann\u202Eexe.txt', 'Annexe.txt'],
    ['isolates and marks', '\u2067Bob\u2069\u200F', 'Bob'],
    ['a terminal escape sequence', '\u001b[31mRoot\u001b[0m', 'Root'],
    ['control characters and runs of whitespace', 'Ada\u0007 \t Lovelace\n', 'Ada Lovelace'],
  ])('strips %s', async (_, given, stored) => {
    const res = await client.signup(signupInput({ displayName: given }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.user.displayName).toBe(stored);
  });

  it.each([
    ['zero-width characters only', '\u200B\u200C\u200D\uFEFF'],
    ['a Hangul filler', '\u3164\u3164'],
    ['blank Braille', '\u2800'],
    ['only bidi controls', '\u202E\u202D'],
    ['whitespace only', '   '],
  ])('refuses a name with %s', async (_, given) => {
    expectApiError(await client.signup(signupInput({ displayName: given })), 400, ErrorCode.ValidationFailed, ['displayName']);
  });

  it('an exact copy of another name is allowed, but the username always tells them apart', async () => {
    const first = await client.signup(signupInput({ displayName: 'Grace Hopper' }));
    const copy = await client.signup(signupInput({ displayName: 'Grace Hopper' }));
    expect(copy.status).toBe(201);
    expect(copy.body.user.displayName).toBe(first.body.user.displayName);
    expect(copy.body.user.username).not.toBe(first.body.user.username);
  });
});
