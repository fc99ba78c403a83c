import type { Random } from './random';

/** Ids the fuzzer knows: its own, and the canary's, which it must never be able to touch. */
export interface KnownIds {
  uuids: string[];
}

const STRINGS = [
  '',
  ' ',
  'a',
  'hello',
  '\u0000',
  'nul\u0000byte',
  '\uD800',
  'lone \uDE00 low',
  '\uD83D\uDE00',
  '\u202Eevil',
  '\u001b[31mred',
  '\u200B',
  "' OR '1'='1",
  '"; DROP TABLE messages; --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '00000000-0000-0000-0000-000000000000',
];

const KEYS = ['body', 'clientMessageId', 'conversationId', 'memberIds', 'username', 'password', 'displayName', 'token', 'seq', 'title', 'q', 'limit', 'cursor', '__proto__', 'constructor', 'prototype', 'currentPassword', 'newPassword', 'since'];

export function randomString(r: Random, ids: KnownIds): string {
  switch (r.int(0, 5)) {
    case 0:
      return r.pick(STRINGS);
    case 1:
      return r.pick(ids.uuids);
    case 2:
      return 'x'.repeat(r.pick([1, 63, 64, 65, 4000, 4001, 10_000, 70_000]));
    case 3:
      return Array.from({ length: r.int(1, 40) }, () => String.fromCharCode(r.int(0, 0xffff))).join('');
    case 4:
      return r.pick(STRINGS) + r.pick(STRINGS);
    default:
      return `fuzz-${r.int(0, 1e9)}`;
  }
}

/** Any JSON value, `depth` levels at most (deep nesting is a separate shape). */
export function randomValue(r: Random, ids: KnownIds, depth = 3): unknown {
  const kind = depth <= 0 ? r.int(0, 4) : r.int(0, 7);
  switch (kind) {
    case 0:
      return randomString(r, ids);
    case 1:
      return r.pick([0, -1, 1, 1.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, Number.MAX_SAFE_INTEGER + 2]);
    case 2:
      return r.chance(0.5);
    case 3:
      return null;
    case 4:
      return r.pick(ids.uuids);
    case 5:
      return Array.from({ length: r.int(0, 5) }, () => randomValue(r, ids, depth - 1));
    default: {
      const obj: Record<string, unknown> = {};
      for (let i = r.int(0, 5); i > 0; i--) obj[r.pick(KEYS)] = randomValue(r, ids, depth - 1);
      return obj;
    }
  }
}

/** A valid-looking payload with one or two things wrong: a field dropped, retyped, or added. */
export function mutate(r: Random, ids: KnownIds, valid: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...valid };
  for (let n = r.int(1, 2); n > 0; n--) {
    const keys = Object.keys(out);
    const action = r.int(0, 2);
    if (action === 0 && keys.length) delete out[r.pick(keys)];
    else if (action === 1 && keys.length) out[r.pick(keys)] = randomValue(r, ids);
    else out[r.pick(KEYS)] = randomValue(r, ids);
  }
  return out;
}

export function deepJson(r: Random): string {
  const depth = r.pick([100, 1_000, 5_000, 20_000]);
  return r.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}
