import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { from, mergeAll, type Observable } from 'rxjs';
import { RealtimeAdapter } from './realtime.adapter';

/** What Nest's WebSocketsController passes as `transform`: the handler's result as an Observable. */
const transform = (result: unknown): Observable<unknown> => from(Promise.resolve(result).then((value) => from([value]))).pipe(mergeAll());

class FakeSocket extends EventEmitter {
  readonly emitted: unknown[][] = [];
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'answer') this.emitted.push(args);
    return super.emit(event, ...args);
  }
}

describe('RealtimeAdapter.bindMessageHandlers (one plain listener per handler)', () => {
  const adapter = new RealtimeAdapter({} as INestApplicationContext);
  let socket: FakeSocket;
  let calls: Array<{ data: unknown; ack: unknown }>;

  const bind = (result: unknown, isAckHandledManually = false) => {
    const handler: MessageMappingProperties = {
      message: 'ev',
      methodName: 'handle',
      isAckHandledManually,
      callback: (data: unknown, ack: unknown) => {
        calls.push({ data, ack });
        return Promise.resolve(result);
      },
    };
    adapter.bindMessageHandlers(socket as never, [handler], transform);
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    socket = new FakeSocket();
    calls = [];
  });

  it('hands the handler the payload and acknowledges with its answer', async () => {
    bind(Promise.resolve({ ok: true }));
    const ack = vi.fn();
    socket.emit('ev', { a: 1 }, ack);
    await settle();
    expect(calls).toEqual([{ data: { a: 1 }, ack }]);
    expect(ack).toHaveBeenCalledWith({ ok: true });
  });

  it('shapes payloads as Nest did: a lone ack means no data, several arguments stay a list', async () => {
    bind(undefined);
    const ack = vi.fn();
    socket.emit('ev', ack);
    socket.emit('ev', 'x');
    socket.emit('ev', 'x', 'y', ack);
    socket.emit('ev');
    await settle();
    expect(calls).toEqual([
      { data: undefined, ack },
      { data: 'x', ack: undefined },
      { data: ['x', 'y'], ack },
      { data: undefined, ack: undefined },
    ]);
    expect(ack).not.toHaveBeenCalled();
  });

  it('emits `{event, data}` answers instead of acknowledging, and leaves manual acks to the handler', async () => {
    bind({ event: 'answer', data: 42 });
    const ack = vi.fn();
    socket.emit('ev', {}, ack);
    await settle();
    expect(socket.emitted).toEqual([[42]]);
    expect(ack).not.toHaveBeenCalled();

    socket.removeAllListeners('ev');
    bind({ ok: true }, true);
    socket.emit('ev', {}, ack);
    await settle();
    expect(ack).not.toHaveBeenCalled();
  });

  it('keeps the process up when a handler fails outside the exception filters', async () => {
    bind(Promise.reject(new Error('boom')));
    const ack = vi.fn();
    socket.emit('ev', {}, ack);
    await settle();
    expect(ack).not.toHaveBeenCalled();
  });
});

describe('RealtimeAdapter.bindClientDisconnect', () => {
  /** Every source file of the API, to find the gateways however many there are. */
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [join(dir, entry.name)] : [],
    );

  it('binds nothing, so no gateway may rely on handleDisconnect (ConnectionHooks handles disconnection)', () => {
    const gateways = sources(join(__dirname, '..')).filter((file) => readFileSync(file, 'utf8').includes('@WebSocketGateway('));
    expect(gateways.length).toBeGreaterThanOrEqual(3);
    for (const file of gateways) expect({ file, handleDisconnect: /\bhandleDisconnect\s*\(/.test(readFileSync(file, 'utf8')) }).toEqual({ file, handleDisconnect: false });
  });
});
