import type { AuthResponse, LoginRequest, SignupRequest } from '@parley/contract';

export const REFRESH_COOKIE = 'parley_refresh';

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flags (HttpOnly, Secure) map to `true`. */
  attributes: Record<string, string | true>;
}

export interface ApiResponse<T = unknown> {
  status: number;
  /** Parsed JSON, or `undefined` for an empty or non-JSON body. */
  body: T;
  text: string;
  headers: Headers;
  setCookies: SetCookie[];
}

export interface RequestOptions {
  method?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string | null;
  /** Serialized as JSON. */
  body?: unknown;
  /** Sent as is (with `contentType`, default application/json): for malformed and oversized bodies. */
  rawBody?: string;
  /** Sent as multipart/form-data (fetch writes the Content-Type with its boundary). */
  form?: FormData;
  contentType?: string;
  /** The refresh cookie's value, sent as `Cookie: parley_refresh=<value>`. */
  refreshCookie?: string;
  headers?: Record<string, string>;
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair, ...attrs] = header.split(';');
  const eq = pair.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const attr of attrs) {
    const i = attr.indexOf('=');
    if (i < 0) attributes[attr.trim().toLowerCase()] = true;
    else attributes[attr.slice(0, i).trim().toLowerCase()] = attr.slice(i + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

/** A thin typed HTTP client over real `fetch`; every call returns status, JSON and cookies, never throws on 4xx/5xx. */
export class ApiClient {
  constructor(private readonly target: { readonly url: string }) {}

  get baseUrl(): string {
    return this.target.url;
  }

  async api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
    if (opts.refreshCookie !== undefined) headers['cookie'] = `${REFRESH_COOKIE}=${opts.refreshCookie}`;
    let payload: string | FormData | undefined;
    if (opts.form !== undefined) payload = opts.form;
    else if (opts.rawBody !== undefined) payload = opts.rawBody;
    else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
    if (typeof payload === 'string') headers['content-type'] = opts.contentType ?? 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: opts.method ?? (payload === undefined ? 'GET' : 'POST'),
      headers,
      body: payload,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, body: body as T, text, headers: res.headers, setCookies: res.headers.getSetCookie().map(parseSetCookie) };
  }

  signup(input: SignupRequest | Record<string, unknown>): Promise<ApiResponse<AuthResponse>> {
    return this.api<AuthResponse>('/api/auth/signup', { body: input });
  }

  login(input: LoginRequest | Record<string, unknown>): Promise<ApiResponse<AuthResponse>> {
    return this.api<AuthResponse>('/api/auth/login', { body: input });
  }

  refresh(refreshCookie?: string): Promise<ApiResponse<AuthResponse>> {
    return this.api<AuthResponse>('/api/auth/refresh', { method: 'POST', refreshCookie });
  }

  logout(refreshCookie?: string, token?: string): Promise<ApiResponse<undefined>> {
    return this.api<undefined>('/api/auth/logout', { method: 'POST', refreshCookie, token });
  }

  health(): Promise<ApiResponse<{ status: string; checks: Record<string, string> }>> {
    return this.api('/api/health');
  }
}

/** The refresh cookie a response sets, if any. */
export function refreshCookieOf(res: ApiResponse): SetCookie | undefined {
  return res.setCookies.find((c) => c.name === REFRESH_COOKIE);
}
