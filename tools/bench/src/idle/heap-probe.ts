/**
 * A server's memory after a full garbage collection, read over the V8 inspector: the server runs with
 * `--inspect=127.0.0.1:0` and prints where its inspector listens. Nothing in the server has to know.
 */
import WebSocket from 'ws';
import type { Child } from '../process-control';

export interface MemoryReading {
  rssBytes: number;
  heapUsedBytes: number;
}

const LISTENING = /Debugger listening on (ws:\/\/\S+)/;

/** Where the child's inspector listens, once it has said so. */
export async function inspectorUrl(child: Child, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = LISTENING.exec(child.output());
    if (match) return match[1];
    if (Date.now() > deadline) throw new Error(`no inspector URL in the server's output:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One inspector session, kept open for every reading of a run (opening one allocates too). */
export class HeapProbe {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const reply = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      const pending = reply.id === undefined ? undefined : this.waiting.get(reply.id);
      if (!pending) return;
      this.waiting.delete(reply.id!);
      if (reply.error) pending.reject(new Error(reply.error.message));
      else pending.resolve(reply.result);
    });
  }

  static async open(url: string): Promise<HeapProbe> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new HeapProbe(socket);
  }

  /** Two full collections (the second frees what the first's finalizers released), then process.memoryUsage(). */
  async read(): Promise<MemoryReading> {
    await this.call('HeapProfiler.collectGarbage');
    await this.call('HeapProfiler.collectGarbage');
    const result = (await this.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as {
      result: { value: string };
    };
    const usage = JSON.parse(result.result.value) as { rss: number; heapUsed: number };
    return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed };
  }

  close(): void {
    this.socket.close();
  }

  private call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }
}
