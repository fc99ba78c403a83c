/** One REST call from the checker's own harness (population, membership changes, the final truth). */
export interface Reply<T> {
  status: number;
  body: T;
  text: string;
}

export interface CallOptions {
  token?: string;
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  timeoutMs?: number;
}

/** Never throws on a status (the caller decides); throws on a network failure or a timeout. */
export async function request<T>(base: string, path: string, init: CallOptions = {}): Promise<Reply<T>> {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  return { status: res.status, text, body: (text ? JSON.parse(text) : undefined) as T };
}

/** For the set-up against a healthy cluster: anything but 2xx is an error. */
export async function call<T>(base: string, path: string, init: CallOptions = {}): Promise<T> {
  const reply = await request<T>(base, path, init);
  if (reply.status >= 300) throw new Error(`${init.method ?? (init.body === undefined ? 'GET' : 'POST')} ${path}: ${reply.status} ${reply.text}`);
  return reply.body;
}
