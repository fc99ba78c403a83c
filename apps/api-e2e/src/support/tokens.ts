import { createHmac } from 'node:crypto';

/** Hand-made JWTs for the token-forgery tests: the suite must not trust a JWT library to build what the server must reject. */

type Json = Record<string, unknown>;

function b64url(value: Json | Buffer): string {
  return (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');
}

export function decodeJwt(token: string): { header: Json; payload: Json; signature: string } {
  const [h, p, s] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Json,
    payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Json,
    signature: s ?? '',
  };
}

/** HMAC-signed JWT (`alg` one of HS256/HS384/HS512) with the given secret. */
export function signHmacJwt(header: Json, payload: Json, secret: string): string {
  const alg = String(header['alg']);
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  if (!hash) throw new Error(`unsupported alg ${alg}`);
  const unsigned = `${b64url(header)}.${b64url(payload)}`;
  return `${unsigned}.${createHmac(hash, secret).update(unsigned).digest('base64url')}`;
}

/** The classic `alg: none` forgery: same claims, no signature. */
export function unsignedJwt(payload: Json): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
}

/** The same token with one character of its signature changed. */
export function tamperSignature(token: string): string {
  const i = token.lastIndexOf('.') + 1 + 5;
  const c = token[i] === 'A' ? 'B' : 'A';
  return token.slice(0, i) + c + token.slice(i + 1);
}

/** The same signature over claims changed to `patch` (e.g. another user's `sub`). */
export function tamperPayload(token: string, patch: Json): string {
  const { header, payload, signature } = decodeJwt(token);
  return `${b64url(header)}.${b64url({ ...payload, ...patch })}.${signature}`;
}
