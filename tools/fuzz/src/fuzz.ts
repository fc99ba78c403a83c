import { type Conversation, type Message } from '@parley/contract';
import { fuzzRequest, type Route } from './rest-fuzzer';
import { fuzzEvent, openSocket } from './socket-fuzzer';
import { Random, sleep } from './random';
import { startFuzzServer } from './server';
import type { Socket } from 'socket.io-client';

export interface FuzzOptions {
  seed: number;
  durationMs: number;
  /** Concurrent REST callers and concurrent sockets. */
  restWorkers?: number;
  socketWorkers?: number;
  log?: (line: string) => void;
}

export interface FuzzReport {
  seed: number;
  durationMs: number;
  requests: number;
  events: number;
  handshakes: number;
  statuses: Record<string, number>;
  routes: number;
  /** Requests that got no HTTP answer (the server closed the connection, e.g. for an oversized body): a sample. */
  networkErrors: string[];
  /** Every 5xx, error-level log line, process exit or canary change: the run failed if any. */
  findings: string[];
}

interface Account {
  id: string;
  token: string;
}

async function json<T>(url: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function signup(url: string, name: string): Promise<Account> {
  const res = await json<{ accessToken: string; user: { id: string } }>(url, '/api/auth/signup', null, {
    username: `${name}_${Math.random().toString(36).slice(2, 10)}`,
    password: `pw-${Math.random().toString(36)}`,
  });
  return { id: res.user.id, token: res.accessToken };
}

/** What the canary's owner sees of it: must be identical before and after the run. */
async function canarySnapshot(url: string, owner: Account, conversationId: string): Promise<string> {
  const conversation = await json<Conversation>(url, `/api/conversations/${conversationId}`, owner.token);
  const messages = await json<{ items: Message[] }>(url, `/api/conversations/${conversationId}/messages?limit=200`, owner.token);
  return JSON.stringify({ conversation: { ...conversation, unreadCount: undefined, readState: undefined }, messages: messages.items });
}

/** Fuzzes every REST route (from the OpenAPI document) and every socket event against a fresh server. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => undefined);
  // Limits high enough that inputs reach the validation and the handlers, not only the 429s.
  const server = await startFuzzServer({ AUTH_RATE_LIMIT: '1000000', SEND_RATE_BURST: '1000000', SEND_RATE_PER_SECOND: '1000000' });
  const report: FuzzReport = { seed: options.seed, durationMs: options.durationMs, requests: 0, events: 0, handshakes: 0, statuses: {}, routes: 0, networkErrors: [], findings: [] };
  try {
    const [a, b, c, d] = [await signup(server.url, 'fuzz_a'), await signup(server.url, 'fuzz_b'), await signup(server.url, 'canary_c'), await signup(server.url, 'canary_d')];
    const fuzzConversation = await json<Conversation>(server.url, '/api/conversations', a.token, { memberIds: [b.id] });
    const canary = await json<Conversation>(server.url, '/api/conversations', c.token, { memberIds: [d.id] });
    for (let i = 0; i < 3; i++) {
      await json(server.url, `/api/conversations/${canary.id}/messages`, c.token, { body: `canary ${i}`, clientMessageId: `canary-${i}` });
    }
    const canaryBefore = await canarySnapshot(server.url, c, canary.id);

    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(server.url, '/api/docs-json', null);
    const routes: Route[] = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
    report.routes = routes.length;
    const ids = { uuids: [a.id, b.id, c.id, d.id, fuzzConversation.id, canary.id, '00000000-0000-0000-0000-000000000000'] };
    const tokens = [a.token, b.token, a.token];
    const validBodies: Record<string, Record<string, unknown>> = {
      '/api/auth/signup': { username: 'fuzzer', password: 'long-enough-pw', displayName: 'Fuzz' },
      '/api/auth/login': { username: 'fuzzer', password: 'long-enough-pw' },
      '/api/auth/password': { currentPassword: 'wrong-password', newPassword: 'long-enough-pw' },
      '/api/conversations': { memberIds: [b.id] },
      '/api/conversations/{id}/messages': { body: 'fuzz', clientMessageId: 'fuzz-1' },
    };
    const validPayload = (event: string): Record<string, unknown> =>
      event === 'auth:renew' ? { token: a.token } : event === 'conversation:read' ? { conversationId: fuzzConversation.id, seq: 1 } : { conversationId: fuzzConversation.id, body: 'fuzz', clientMessageId: 'fuzz-s' };

    const deadline = Date.now() + options.durationMs;
    const root = new Random(options.seed);
    const note = (finding: string) => {
      if (report.findings.length < 200) report.findings.push(finding);
    };

    const restWorker = async (r: Random) => {
      while (Date.now() < deadline && !server.exited()) {
        const outcome = await fuzzRequest(r, { url: server.url, routes, tokens, ids, validBody: (route) => validBodies[route.path] });
        report.requests += 1;
        report.statuses[outcome.status] = (report.statuses[outcome.status] ?? 0) + 1;
        if (outcome.status >= 500) note(`${outcome.status} for ${outcome.what}`);
        if (outcome.status === -1 && report.networkErrors.length < 20) report.networkErrors.push(outcome.what);
      }
    };
    const socketWorker = async (r: Random) => {
      let socket: Socket | null = null;
      while (Date.now() < deadline && !server.exited()) {
        if (!socket?.connected) {
          socket?.close();
          report.handshakes += 1;
          socket = await openSocket(r, { url: server.url, tokens, ids, validPayload });
          if (!socket) continue;
        }
        await fuzzEvent(r, socket, { url: server.url, tokens, ids, validPayload });
        report.events += 1;
        if (r.chance(0.01)) socket.close();
      }
      socket?.close();
    };
    const workers = [
      ...Array.from({ length: options.restWorkers ?? 4 }, (_, i) => restWorker(new Random(root.int(0, 2 ** 31) + i))),
      ...Array.from({ length: options.socketWorkers ?? 3 }, (_, i) => socketWorker(new Random(root.int(0, 2 ** 31) + i))),
    ];
    const progress = setInterval(() => log(`fuzz: ${report.requests} requests, ${report.events} events, ${report.findings.length} findings`), 10_000);
    await Promise.all(workers);
    clearInterval(progress);
    await sleep(500);

    const exit = server.exited();
    if (exit) note(`the server exited: ${JSON.stringify(exit)}`);
    for (const line of server.errorLines()) note(`error-level log line: ${line.slice(0, 1000)}`);
    if (!exit) {
      const canaryAfter = await canarySnapshot(server.url, c, canary.id).catch((error: Error) => `unreadable: ${error.message}`);
      if (canaryAfter !== canaryBefore) note(`the canary conversation changed:\nbefore ${canaryBefore}\nafter  ${canaryAfter}`);
    }
    return report;
  } finally {
    await server.stop();
  }
}
